// Every link a user can follow from the installed package resolves inside the package. The test
// packs the package as `npm publish` would (`npm pack`, after `npm test` has built dist/),
// extracts the tarball into a temporary directory and, from there:
// - opens every relative link of README.md and docs/*.md: the target file must exist inside the
//   package (a link to examples/, .changeset/ or the generated API reference would be dead in
//   node_modules/livekit-token), and every #anchor must name a heading of the target page
//   (GitHub's slug rules);
// - runs the packed CLI's help texts and checks every file path they mention;
// - checks every docs/ or README path the packed JavaScript and type declarations mention (CLI
//   messages, JSDoc);
// - refuses contributor material: no CONTRIBUTING.md, bench/, examples/ or test/ in the tarball,
//   and no packed page or dist/ file naming a test file, the bench harness or a repository-only
//   tool (test/docs/contributor-only.ts).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contributorOnly } from './contributor-only.js';

const root = join(import.meta.dirname, '..', '..');
let work = '';
let pkg = '';

beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'cli', 'index.js'))) throw new Error('dist/ is missing: run `npx tsup` (or `npm test`) first');
  mkdirSync(join(root, '.tmp'), { recursive: true });
  work = mkdtempSync(join(root, '.tmp', 'links-'));
  // --ignore-scripts: `prepare` would rebuild dist/; the test is about the build under test.
  const name = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], { cwd: root, encoding: 'utf8' }).trim().split('\n').at(-1)!;
  execFileSync('tar', ['xzf', join(work, name), '-C', work]);
  pkg = join(work, 'package');
}, 60_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function slugs(markdown: string): Set<string> {
  const out = new Set<string>();
  const withoutCode = markdown.replace(/^```[\s\S]*?^```/gm, '');
  for (const m of withoutCode.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const slug = m[1]!.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    let unique = slug;
    for (let i = 1; out.has(unique); i++) unique = `${slug}-${i}`;
    out.add(unique);
  }
  return out;
}

/** Link targets of a Markdown page, outside code: inline `[text](target)` and `[ref]: target`. */
function links(markdown: string): string[] {
  const text = markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '``');
  return [...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g), ...text.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)].map((m) => m[1]!);
}

/** What is wrong with one link of `page` (a path inside the package), or undefined. */
function problem(page: string, target: string): string | undefined {
  if (/^[a-z][a-z+.-]*:/i.test(target)) return undefined; // https:, mailto: …
  const [path, anchor] = target.split('#') as [string, string | undefined];
  const file = path === '' ? join(pkg, page) : resolve(pkg, dirname(page), decodeURIComponent(path));
  if (relative(pkg, file).startsWith('..')) return `${target}: points outside the package`;
  if (!existsSync(file)) return `${target}: not in the package`;
  if (anchor && file.endsWith('.md') && !slugs(readFileSync(file, 'utf8')).has(anchor)) return `${target}: no such heading`;
  return undefined;
}

function packedFiles(dir = ''): string[] {
  return readdirSync(join(pkg, dir), { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f).split(sep).join('/'));
}

describe('links in the packed package', () => {
  it('the link checker catches dead, outside and anchor-less links', () => {
    expect(links('[a](docs/cli.md) [b](#x) `[c](not-a-link.md)`\n```\n[d](in-code.md)\n```\n[e]: ../examples/\n')).toEqual(['docs/cli.md', '#x', '../examples/']);
    expect(problem('README.md', 'docs/cli.md')).toBeUndefined();
    expect(problem('README.md', 'https://livekit.io')).toBeUndefined();
    expect(problem('README.md', 'examples/')).toBe('examples/: not in the package');
    expect(problem('docs/README.md', '../../outside.md')).toBe('../../outside.md: points outside the package');
    expect(problem('README.md', 'docs/cli.md#no-such-heading')).toBe('docs/cli.md#no-such-heading: no such heading');
  });

  it('ships README.md and every guide of docs/ (not the generated API reference)', () => {
    const guides = readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`).sort();
    const shipped = packedFiles().filter((f) => f.endsWith('.md') && f.startsWith('docs/')).sort();
    expect(shipped).toEqual(guides);
    expect(existsSync(join(pkg, 'README.md'))).toBe(true);
    expect(existsSync(join(pkg, 'docs', 'api'))).toBe(false);
  });

  it('every relative link of README.md and docs/*.md resolves inside the package', () => {
    const pages = ['README.md', ...packedFiles('docs').filter((f) => f.endsWith('.md'))];
    const broken: string[] = [];
    let checked = 0;
    for (const page of pages) {
      for (const target of links(readFileSync(join(pkg, page), 'utf8'))) {
        checked++;
        const p = problem(page, target);
        if (p) broken.push(`${page}: ${p}`);
      }
    }
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThan(50);
  });

  it('every file path in the CLI help texts exists in the package', () => {
    const cli = join(pkg, 'dist', 'cli', 'index.js');
    const help = ['', 'create', 'decode', 'verify', 'serve']
      .map((command) => execFileSync(process.execPath, [cli, ...(command ? [command] : []), '--help'], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' } }))
      .join('\n');
    expect(help).toContain('livekit-token create');
    const paths = [...help.matchAll(/(?<![\w/.-])((?:docs\/)?[\w-]+\.md)\b/g)].map((m) => m[1]!);
    expect(paths.filter((p) => !existsSync(join(pkg, p)))).toEqual([]);
  });

  it('every docs/ or README path named in the packed JavaScript and type declarations exists', () => {
    const named = new Set<string>();
    for (const file of packedFiles('dist').filter((f) => /\.(c|m)?(js|ts)$/.test(f))) {
      for (const m of readFileSync(join(pkg, file), 'utf8').matchAll(/(?<![\w/.-])(docs\/[\w-]+\.md|README\.md|CHANGELOG\.md)\b/g)) named.add(m[1]!);
    }
    expect([...named].filter((p) => !existsSync(join(pkg, p)))).toEqual([]);
  });

  it('ships no contributor page and no text that names test files, the bench harness or repository-only tools', () => {
    const files = packedFiles();
    expect(files.filter((f) => /^(CONTRIBUTING\.md|bench|examples|test|src)(\/|$)|^docs\/contributing\.md$/i.test(f))).toEqual([]);
    // package.json is left out: its `scripts` are the repository's, and npm ships them as written.
    const texts = files.filter((f) => /\.(md|c?js|mjs|d\.c?ts)$/.test(f));
    expect(texts.some((f) => f.startsWith('dist/'))).toBe(true);
    expect(texts.flatMap((f) => contributorOnly(f, readFileSync(join(pkg, f), 'utf8')))).toEqual([]);
  });
});
