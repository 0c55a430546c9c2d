// Type-checks the code readers copy.
//
// README.md and docs/*.md: every ```ts, ```typescript, ```js, ```javascript and ```mjs block is
// compiled exactly as written, one module per block, with nothing added: no ambient names, no
// imports. `livekit-token` and its subpaths resolve through the built package (dist/, via the
// package's own `exports`, as in a project that installed it), so `npm test` builds first.
// Conventions for writers:
// - A block declares what it assumes in a visible first line, e.g.
//   `declare const env: { LIVEKIT_API_KEY: string; LIVEKIT_API_SECRET: string };` for Workers,
//   `declare function verifySession(req: Request): Promise<{ id: string } | null>;` for your own
//   code; in Node it reads `process.env`.
// - Pseudo-code, or code that must not compile, goes in a ```text fence.
// - A block that starts a server (`.listen(`, `Deno.serve(`, `Bun.serve(`) binds 127.0.0.1, and
//   no block binds 0.0.0.0: a copied example must not listen on every interface.
//
// JSDoc @example blocks in src/ are shorter on purpose: they may use a few names as "what you
// already have" (see AMBIENT: `token`, `key`, `env`, `request` …) and the public exports without
// importing them (the harness adds the imports); they are compiled against src/.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

interface Snippet { source: string; line: number; index: number; lang: string; code: string }

/** Code fences of a Markdown file in the languages the test compiles. */
function markdownSnippets(file: string, text = readFileSync(join(root, file), 'utf8')): Snippet[] {
  const out: Snippet[] = [];
  const fence = /^([ \t]*)```(ts|typescript|js|javascript|mjs)[ \t]*\n([\s\S]*?)^\1```[ \t]*$/gm;
  let index = 0;
  for (let m; (m = fence.exec(text)); ) {
    const line = text.slice(0, m.index).split('\n').length + 1;
    out.push({ source: file, line, index: ++index, lang: m[2]!, code: m[3]!.replace(new RegExp(`^${m[1]}`, 'gm'), '') });
  }
  return out;
}

/** Why a block that starts a server would listen beyond the loopback interface, or undefined. */
function bindProblem(code: string): string | undefined {
  if (/['"]0\.0\.0\.0['"]|['"]::['"]/.test(code)) return 'binds every interface (0.0.0.0 or ::): bind 127.0.0.1';
  const starts = /\.listen\(|\bDeno\.serve\(|\bBun\.serve\(/.exec(code);
  if (starts && !code.includes('127.0.0.1')) return `starts a server (${starts[0]}…) without binding 127.0.0.1`;
  return undefined;
}

function walk(dir: string, filter: (f: string) => boolean): string[] {
  if (!existsSync(join(root, dir))) return [];
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter(filter)
    .sort();
}

/** Runs tsc on a project directory; every diagnostic line, with the directory removed. */
function tsc(project: string): { status: number | null; lines: string[] } {
  const run = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', project, '--pretty', 'false'], { encoding: 'utf8' });
  return { status: run.status, lines: `${run.stdout}${run.stderr}`.split('\n').filter((l) => l.trim()) };
}

const HINTS: Record<string, string> = {
  TS2304: 'declare it in a visible first line of the block (`declare const env: { … };`), import it, or read process.env',
  TS2552: 'declare it in a visible first line of the block, import it, or fix the spelling',
  TS2307: 'import from livekit-token, livekit-token/compat, /handler or /testing (Deno: write the bare name and say `npm:` in a comment)',
};

/**
 * Rewrites tsc's `gNNN.ts(line,col): error TSxxxx: …` as `<page>:<line> (block <n> at line <l>): …`
 * plus a hint, so a failure names the page, the block and the line a writer must change.
 */
function explain(lines: string[], origin: Map<string, Snippet>, dir: string, base: (s: Snippet, line: number) => number): string[] {
  return lines.map((l) => {
    const m = /^(?:.*[\\/])?([gj]\d{3}\.(?:ts|js))\((\d+),(\d+)\): error (TS\d+): (.*)$/.exec(l);
    const s = m && origin.get(m[1]!);
    if (!m || !s) return l.replace(dir + '/', '').replace(root + '/', '');
    const hint = HINTS[m[4]!];
    return `${s.source}:${base(s, Number(m[2]))} (${s.lang} block ${s.index}, fence at line ${s.line - 1}): ${m[4]} ${m[5]}${hint ? ` → ${hint}` : ''}`;
  });
}

const pages = ['README.md', ...walk('docs', (f) => f.endsWith('.md') && !f.startsWith(join('docs', 'api')))];
const pageSnippets = pages.flatMap((p) => markdownSnippets(p));
// Whole example files that type-check without Deno or Bun globals (the others run instead).
const exampleFiles = ['examples/cloudflare-worker/worker.ts', 'examples/nextjs-route/route.ts'].filter((f) => existsSync(join(root, f)));

let dir = '';
beforeAll(() => {
  mkdirSync(join(root, '.tmp'), { recursive: true });
  // Inside the repository on purpose: from .tmp/, `livekit-token` is the package's own name, and
  // TypeScript resolves it through package.json `exports` to dist/ (a self-reference).
  dir = mkdtempSync(join(root, '.tmp', 'snippets-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const isJs = (s: Snippet) => /^(js|javascript|mjs)$/.test(s.lang);

/**
 * Compiles `blocks` as written, one file each, in projects of their own under `dir`: TypeScript
 * blocks under a reader's strict settings, JavaScript ones checked for names, imports and calls
 * (`checkJs`, not strict: plain JavaScript has no annotations to satisfy `noImplicitAny`).
 * Returns the explained errors.
 */
function compilePages(blocks: Snippet[], name: string): string[] {
  if (!existsSync(join(root, 'dist', 'index.d.ts'))) throw new Error('dist/ is missing: run `npx tsup` (or `npm test`) first');
  const errors: string[] = [];
  for (const js of [false, true]) {
    const project = join(dir, `${name}-${js ? 'js' : 'ts'}`);
    mkdirSync(project);
    const origin = new Map<string, Snippet>();
    blocks.filter((s) => isJs(s) === js).forEach((s, i) => {
      const file = `g${String(i).padStart(3, '0')}.${js ? 'js' : 'ts'}`;
      origin.set(file, s);
      writeFileSync(join(project, file), s.code);
    });
    if (origin.size === 0) continue;
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          // What a reader's project has. No DOM lib: its globals (`name`, `status`, `event` …)
          // would hide an undeclared name; Node's types bring fetch, Request and Response.
          // NodeNext: from .tmp/ (inside this package, whose package.json says "type": "module")
          // each file is an ES module and `livekit-token` resolves through `exports` to dist/.
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          moduleDetection: 'force',
          lib: ['ES2022'],
          types: ['node'],
          ...(js ? { allowJs: true, checkJs: true, strict: false } : { strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true }),
          skipLibCheck: true,
          noEmit: true,
        },
        include: js ? ['*.js'] : ['*.ts', ...(name === 'pages' ? exampleFiles.map((f) => join(root, f)) : [])],
      }),
    );
    const { status, lines } = tsc(project);
    const explained = [...new Set(explain(lines, origin, project, (s, line) => s.line + line - 1))];
    errors.push(...(status === 0 || explained.length ? explained : [`tsc exited with ${status} for ${project}`]));
  }
  return errors;
}

describe('README and docs/*.md code blocks compile exactly as written', () => {
  it('finds blocks in the README and the guides', () => {
    expect(pageSnippets.filter((s) => s.source === 'README.md').length).toBeGreaterThan(0);
    expect(pageSnippets.filter((s) => s.source.startsWith('docs')).length).toBeGreaterThan(20);
  });

  it('the checker refuses an undeclared name, in ts and js, and names the page, block and line', () => {
    const page = [
      '# t',
      '',
      '```ts',
      "import { createToken } from 'livekit-token';",
      '',
      "await createToken({ apiKey: env.KEY, apiSecret: 's' }, { identity: 'a' });",
      '```',
      '',
      '```js',
      "import { verifyToken } from 'livekit-token';",
      'await verifyToken(token, { devkey: \'secret\' });',
      '```',
      '',
      '```ts',
      "import { createToken } from 'livekit-token';",
      '',
      "declare const env: { KEY: string };",
      "await createToken({ apiKey: env.KEY, apiSecret: 's' }, { identity: 'a', ttl: '10m' });",
      '```',
      '',
    ].join('\n');
    const blocks = markdownSnippets('docs/broken.md', page);
    expect(blocks.map((b) => b.lang)).toEqual(['ts', 'js', 'ts']);
    expect(compilePages(blocks, 'self-check')).toEqual([
      `docs/broken.md:6 (ts block 1, fence at line 3): TS2304 Cannot find name 'env'. → ${HINTS['TS2304']}`,
      `docs/broken.md:11 (js block 2, fence at line 9): TS2304 Cannot find name 'token'. → ${HINTS['TS2304']}`,
    ]);
  }, 300_000);

  it('the bind check catches servers on every interface', () => {
    expect(bindProblem("createServer(h).listen(3000);")).toBe('starts a server (.listen(…) without binding 127.0.0.1');
    expect(bindProblem("createServer(h).listen(3000, '127.0.0.1');")).toBeUndefined();
    expect(bindProblem('Deno.serve(handler);')).toBe('starts a server (Deno.serve(…) without binding 127.0.0.1');
    expect(bindProblem("serve(handler, { port: 3001, hostname: '0.0.0.0' });")).toMatch(/every interface/);
    expect(bindProblem('export default { fetch: handler };')).toBeUndefined();
  });

  it('servers started by a block bind 127.0.0.1', () => {
    const problems = pageSnippets.flatMap((s) => {
      const p = bindProblem(s.code);
      return p ? [`${s.source}:${s.line} (${s.lang} block ${s.index}): ${p}`] : [];
    });
    expect(problems).toEqual([]);
  });

  it('every block type-checks against the built package, under strict settings', () => {
    expect(compilePages(pageSnippets, 'pages')).toEqual([]);
  }, 300_000);
});

// ---------------------------------------------------------------------------------------------
// JSDoc @example blocks (src/): short by design, with ambient names and imports added.

/** Public subpaths, in the order a bare name is looked up (the core wins). */
const SUBPATHS: Record<string, string> = {
  'livekit-token': 'src/index.ts',
  'livekit-token/testing': 'src/testing/index.ts',
  'livekit-token/handler': 'src/handler/index.ts',
  'livekit-token/compat': 'src/compat/index.ts',
};

const AMBIENT = `// Free variables the JSDoc examples may use without declaring them.
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
declare const at: import('livekit-token/compat').AccessToken;
declare const verifier: import('livekit-token/compat').TokenVerifier;
declare const receiver: import('livekit-token/compat').WebhookReceiver;
`;

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
      out.push({ source: file, line: start, index: out.length + 1, lang: 'ts', code: body.join('\n') });
      start = -1;
    } else if (start >= 0) body.push(line);
  });
  return out;
}

interface PublicName { specifier: string; typeOnly: boolean }

/** Exported names of each public subpath, read with the TypeScript compiler. */
function publicExports(): Map<string, PublicName> {
  const entries = Object.entries(SUBPATHS);
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

const jsdoc = walk('src', (f) => f.endsWith('.ts')).flatMap(jsdocSnippets);

describe('JSDoc @example blocks compile (ambient names and imports added)', () => {
  it('finds them', () => {
    expect(jsdoc.length).toBeGreaterThan(20);
  });

  it('every @example compiles against src/ under strict settings', () => {
    const project = join(dir, 'jsdoc');
    mkdirSync(project);
    const exportsByName = publicExports();
    const origin = new Map<string, Snippet>();
    jsdoc.forEach((s, i) => {
      const name = `j${String(i).padStart(3, '0')}.ts`;
      origin.set(name, s);
      writeFileSync(join(project, name), withImports(s.code, exportsByName));
    });
    writeFileSync(join(project, 'ambient.d.ts'), AMBIENT);
    const paths = Object.fromEntries(Object.entries(SUBPATHS).map(([k, v]) => [k, [join(root, v)]]));
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        extends: join(root, 'tsconfig.json'),
        compilerOptions: { types: ['node'], noEmit: true, paths, noUnusedLocals: false, allowImportingTsExtensions: false },
        include: ['*.ts'],
      }),
    );
    const { status, lines } = tsc(project);
    // Line 1 of each generated file holds the added imports.
    expect(explain(lines, origin, project, (s, line) => s.line + line - 2)).toEqual([]);
    expect(status).toBe(0);
  }, 300_000);
});
