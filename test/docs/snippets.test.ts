// Type-checks the TypeScript that readers copy: every ```ts block of README.md and docs/*.md,
// every ```ts block inside a JSDoc @example in src/, and the TypeScript examples that are not
// tied to Deno or Bun globals. Each block becomes one module in .tmp/, compiled by `tsc
// --noEmit` against the sources, with `livekit-token` and its subpaths mapped to src/.
//
// Conventions for writers:
// - A block may use the package's exports without importing them: the harness adds the imports
//   for the names it uses (so API examples stay short). Explicit imports are kept as written.
// - A few free variables stand for "what you already have" (see AMBIENT): `token`, `key`,
//   `keys`, `apiKey`, `apiSecret`, `claims`, `env`, `request`, `rawBody`, `authorization`, `now`,
//   vitest's `expect`, and the compat instances `at`, `verifier`, `receiver`.
// - To show something that must not compile, or pseudo-code, use a ```text or ```js fence.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

/** Public subpaths, in the order a bare name is looked up (the core wins). */
const SUBPATHS: Record<string, string> = {
  'livekit-token': 'src/index.ts',
  'livekit-token/testing': 'src/testing/index.ts',
  'livekit-token/handler': 'src/handler/index.ts',
  'livekit-token/compat': 'src/compat/index.ts',
};

const AMBIENT = `// Free variables the documentation may use without declaring them.
declare const token: string;
declare const key: import('livekit-token').ApiKey;
declare const keys: import('livekit-token').KeySet;
declare const claims: import('livekit-token').LiveKitClaims;
declare const now: number;
declare const apiKey: string;
declare const apiSecret: string;
declare const expect: typeof import('vitest').expect;
declare const env: { LIVEKIT_API_KEY: string; LIVEKIT_API_SECRET: string; LIVEKIT_URL: string };
declare const request: Request;
declare const rawBody: string;
declare const authorization: string | null;
declare function reconnectWithFreshToken(): void;
`;

interface Snippet { source: string; line: number; code: string }

/** ```ts / ```typescript fences of a Markdown file. */
function markdownSnippets(file: string): Snippet[] {
  const text = readFileSync(join(root, file), 'utf8');
  const out: Snippet[] = [];
  const fence = /^(\s*)```(ts|typescript)\s*\n([\s\S]*?)^\1```\s*$/gm;
  for (let m; (m = fence.exec(text)); ) {
    const line = text.slice(0, m.index).split('\n').length + 1;
    out.push({ source: file, line, code: m[3]!.replace(new RegExp(`^${m[1]}`, 'gm'), '') });
  }
  return out;
}

/** ```ts fences inside JSDoc comments (the @example blocks) of a source file. */
function jsdocSnippets(file: string): Snippet[] {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  const out: Snippet[] = [];
  let start = -1;
  let body: string[] = [];
  lines.forEach((raw, i) => {
    const line = raw.replace(/^\s*\* ?/, '');
    if (start < 0 && /^\s*\*\s*```(ts|typescript)\s*$/.test(raw)) {
      start = i + 2;
      body = [];
    } else if (start >= 0 && /^\s*\*\s*```\s*$/.test(raw)) {
      out.push({ source: file, line: start, code: body.join('\n') });
      start = -1;
    } else if (start >= 0) body.push(line);
  });
  return out;
}

function walk(dir: string, filter: (f: string) => boolean): string[] {
  if (!existsSync(join(root, dir))) return [];
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter(filter)
    .sort();
}

interface PublicName { specifier: string; typeOnly: boolean }

/** Exported names of each public subpath, read with the TypeScript compiler. */
function publicExports(): Map<string, PublicName> {
  const entries = Object.entries(SUBPATHS).filter(([, file]) => existsSync(join(root, file)));
  const program = ts.createProgram(entries.map(([, f]) => join(root, f)), {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const owner = new Map<string, PublicName>();
  for (const [specifier, file] of entries) {
    const symbol = checker.getSymbolAtLocation(program.getSourceFile(join(root, file))!);
    for (const e of symbol ? checker.getExportsOfModule(symbol) : []) {
      const target = e.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(e) : e;
      if (!owner.has(e.name)) owner.set(e.name, { specifier, typeOnly: !(target.flags & ts.SymbolFlags.Value) });
    }
  }
  return owner;
}

/** Adds `import { … } from '<subpath>'` for the public names a snippet uses but does not bring in itself. */
function withImports(code: string, exportsByName: Map<string, PublicName>): string {
  const bound = new Set<string>();
  for (const m of code.matchAll(/^\s*import\s+(?:type\s+)?\{([^}]*)\}/gm)) {
    for (const part of m[1]!.split(',')) bound.add(part.trim().replace(/^type\s+/, '').split(/\s+as\s+/).pop()!);
  }
  for (const m of code.matchAll(/\b(?:const|let|var|function|class|interface|type|enum)\s+([A-Za-z_$][\w$]*)/g)) bound.add(m[1]!);
  const needed = new Map<string, string[]>();
  for (const [name, { specifier, typeOnly }] of exportsByName) {
    if (bound.has(name) || !new RegExp(`(?<![\\w$.'"])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(code)) continue;
    needed.set(specifier, [...(needed.get(specifier) ?? []), typeOnly ? `type ${name}` : name]);
  }
  const imports = [...needed].map(([specifier, names]) => `import { ${names.join(', ')} } from '${specifier}';`);
  return `${imports.join(' ')}\n${code}\nexport {};\n`;
}

const docs = ['README.md', ...walk('docs', (f) => f.endsWith('.md') && !f.startsWith(join('docs', 'api')))];
const sources = walk('src', (f) => f.endsWith('.ts'));
const snippets: Snippet[] = [...docs.flatMap(markdownSnippets), ...sources.flatMap(jsdocSnippets)];
// Whole example files that type-check with the DOM lib alone (Deno and Bun ones run instead).
const exampleFiles = ['examples/cloudflare-worker/worker.ts', 'examples/nextjs-route/route.ts'].filter((f) => existsSync(join(root, f)));

mkdirSync(join(root, '.tmp'), { recursive: true });
const dir = mkdtempSync(join(root, '.tmp', 'snippets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('documentation code type-checks', () => {
  it('finds snippets in the README, the guides and the JSDoc examples', () => {
    expect(snippets.filter((s) => s.source === 'README.md').length).toBeGreaterThan(0);
    expect(snippets.filter((s) => s.source.startsWith('src')).length).toBeGreaterThan(0);
  });

  it('every ```ts snippet and TypeScript example compiles under strict settings', () => {
    const exportsByName = publicExports();
    const origin = new Map<string, Snippet>();
    snippets.forEach((s, i) => {
      const name = `s${String(i).padStart(3, '0')}.ts`;
      origin.set(name, s);
      writeFileSync(join(dir, name), withImports(s.code, exportsByName));
    });
    // Method examples of the compat classes call an instance by its conventional name.
    const instances = existsSync(join(root, SUBPATHS['livekit-token/compat']!))
      ? `declare const at: import('livekit-token/compat').AccessToken;
declare const verifier: import('livekit-token/compat').TokenVerifier;
declare const receiver: import('livekit-token/compat').WebhookReceiver;
`
      : '';
    writeFileSync(join(dir, 'ambient.d.ts'), AMBIENT + instances);
    const paths = Object.fromEntries(Object.entries(SUBPATHS).map(([k, v]) => [k, [join(root, v)]]));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        extends: join(root, 'tsconfig.json'),
        compilerOptions: { types: ['node'], noEmit: true, paths, noUnusedLocals: false, allowImportingTsExtensions: false },
        include: ['*.ts', ...exampleFiles.map((f) => join(root, f))],
      }),
    );
    const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', dir, '--pretty', 'false'], { encoding: 'utf8' });
    // Point each error at the Markdown or source line it comes from.
    const errors = `${tsc.stdout}${tsc.stderr}`
      .split('\n')
      .filter((l) => l.trim())
      .map((l) =>
        l.replace(/^(?:.*[\\/])?(s\d{3}\.ts)\((\d+),(\d+)\)/, (all, file: string, line: string) => {
          const s = origin.get(file);
          // Line 1 of the generated file holds the added imports.
          return s ? `${s.source}:${s.line + Number(line) - 2}` : all;
        }).replace(root + '/', ''),
      );
    expect(errors).toEqual([]);
    expect(tsc.status).toBe(0);
  }, 120_000);
});
