// Checks on the built package (npm test builds first) and on the README's own commands.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const dist = join(root, 'dist');

/** Node built-in module names, with and without the `node:` prefix. */
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const NODE_GLOBALS = new Set(['process', 'Buffer', 'require', '__dirname', '__filename', 'setImmediate']);

/**
 * Where Node-only code is allowed (COMMON rules): the CLI, the Node adapter, handler files named
 * *node*, and the Node build's engine files `src/lib/*-node.ts` (only the `node` export condition
 * loads them; the test below checks the Web build's output).
 */
const nodeAllowed = (file: string) =>
  /^src\/(cli|node)\//.test(file) || /^src\/handler\/[^/]*node[^/]*\.ts$/.test(file) || /^src\/lib\/[^/]*-node\.ts$/.test(file);

/**
 * Every use of a Node-only API in a TypeScript file: imports (static, dynamic, require) of Node
 * built-ins, and the Node globals as identifiers. Parsed with the TypeScript compiler, so comments,
 * strings and property names (`globalThis.process`, `{ process: … }`) are not mistaken for uses.
 */
function nodeApiUses(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const where = (node: ts.Node) => `${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node): void => {
    let specifier: ts.Expression | undefined;
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) specifier = node.moduleSpecifier;
    if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) specifier = node.arguments[0];
    if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) specifier = node.argument.literal;
    if (specifier && ts.isStringLiteralLike(specifier) && builtins.has(specifier.text)) found.push(`${where(node)} imports ${specifier.text}`);
    if (ts.isIdentifier(node) && NODE_GLOBALS.has(node.text)) {
      const p = node.parent;
      const isName =
        ((ts.isPropertyAccessExpression(p) || ts.isPropertyAssignment(p) || ts.isPropertySignature(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p)) && p.name === node) ||
        (ts.isQualifiedName(p) && p.right === node);
      if (!isName) found.push(`${where(node)} uses ${node.text}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const listFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]));

/** A built entry and every chunk it loads, following relative `import`/`require`. */
function closure(entry: string): string[] {
  const seen = new Set<string>();
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(/(?:from\s*|import\s*\(\s*|require\(\s*|import\s+)["'](\.{1,2}\/[^"']+)["']/g)) walk(join(dirname(file), m[1]!));
  };
  walk(entry);
  return [...seen];
}

describe('no Node-only API where the package promises Web APIs only', () => {
  it('the scanner finds imports and globals, and ignores comments, strings and property names', () => {
    const probe = [
      "import { createHash } from 'node:crypto';",
      "import fs from 'fs';",
      "const h = await import('node:http');",
      'const b = Buffer.from("x");',
      'if (process.env.X) {}',
      '// process and Buffer in a comment, "node:fs" in a string',
      'const env = globalThis.process?.env; const o = { process: 1, Buffer: 2 }; o.process;',
    ].join('\n');
    expect(nodeApiUses('probe.ts', probe)).toEqual([
      'probe.ts:1 imports node:crypto',
      'probe.ts:2 imports fs',
      'probe.ts:3 imports node:http',
      'probe.ts:4 uses Buffer',
      'probe.ts:5 uses process',
    ]);
  });

  it('src/ outside src/cli, src/node and src/handler/*node*.ts uses no node:* import, Buffer or process', () => {
    const files = listFiles(join(root, 'src')).map((f) => relative(root, f)).filter((f) => f.endsWith('.ts') && !nodeAllowed(f));
    expect(files).toContain('src/index.ts');
    expect(files.flatMap((f) => nodeApiUses(f, readFileSync(join(root, f), 'utf8')))).toEqual([]);
  });

  it('the built core (ESM and CJS, with every chunk it loads) mentions no node:, Buffer or process', () => {
    const files = [...closure(join(dist, 'index.js')), ...closure(join(dist, 'index.cjs'))];
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) {
      const code = readFileSync(f, 'utf8');
      expect(code, relative(root, f)).not.toMatch(/["']node:|\bBuffer\b|\bprocess\b|require\(["'](crypto|fs|buffer)["']\)/);
    }
  });

  it('the built compat, handler and testing entries load no Node built-in statically', () => {
    for (const sub of ['compat', 'handler', 'testing']) {
      for (const format of ['index.js', 'index.cjs']) {
        const entry = join(dist, sub, format);
        if (!existsSync(entry)) continue; // not built yet: the packaging check requires every subpath
        for (const f of closure(entry)) {
          const code = readFileSync(f, 'utf8');
          expect(code, relative(root, f)).not.toMatch(/(?:from\s*|require\(\s*|import\s+)["']node:|\bBuffer\b/);
          expect(code.replace(/globalThis(?:\.process\b|\[["']process["']\])/g, ''), relative(root, f)).not.toMatch(/\bprocess\b/);
        }
      }
    }
  });
});

describe('built package', () => {
  it('the CJS build is requireable and the ESM build importable', async () => {
    const cjs = execFileSync(process.execPath, ['-e', `const m=require(${JSON.stringify(join(dist, 'index.cjs'))});console.log(typeof m.createToken, typeof m.verifyToken)`], { encoding: 'utf8' });
    expect(cjs.trim()).toBe('function function');
    const esm = await import(join(dist, 'index.js'));
    expect(typeof esm.createToken).toBe('function');
  });
});

describe('README commands', () => {
  it('`npm run example` prints a token that verifies for alice in room demo', async () => {
    const out = execFileSync('npm', ['run', '--silent', 'example'], { cwd: root, encoding: 'utf8' }).trim();
    expect(out).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]{43}$/);
    const { verifyToken } = await import(join(dist, 'index.js'));
    const claims = await verifyToken(out, { devkey: 'secret' }, { room: 'demo', identity: 'alice' });
    expect(claims.video).toEqual({ roomJoin: true, room: 'demo' });
  });

  it('README names the commands CI runs', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const ci = readFileSync(join(root, '.ci/run'), 'utf8');
    expect(readme).toContain('npm install');
    expect(readme).toContain('npm test');
    // The README speaks to users; the example script is a contributor's tool.
    expect(readFileSync(join(root, 'CONTRIBUTING.md'), 'utf8')).toContain('npm run example');
    expect(ci).toContain('npm test');
  });
});
