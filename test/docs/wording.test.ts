// README, guides, changelog and everything under src/ (its JSDoc ships in the .d.ts files, its
// strings in the CLI's help and errors) speak to users. Words that only make sense inside this
// project's own development process mean nothing to someone who installed the package, so they
// must not appear there. The generated API reference (docs/api/) is built from src/ and is
// covered through it.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contributorOnly } from './contributor-only.js';

const root = join(import.meta.dirname, '..', '..');

/** What is refused, and what to write instead. */
const FORBIDDEN: Array<{ pattern: RegExp; instead: string }> = [
  // Case-sensitive: "spec" and "specified" are ordinary words.
  { pattern: /\bSPEC\b/g, instead: 'say what the behaviour is, not where it was decided' },
  { pattern: /\bseeds?\b/gi, instead: 'describe the service or document plainly' },
  { pattern: /\.\.\/shared\b/g, instead: 'a path outside the package; name the tool in words' },
  { pattern: /\bissues? #?\d+/gi, instead: 'say what changed, not which ticket asked for it' },
];

function files(dir: string, keep: (path: string) => boolean): string[] {
  if (!existsSync(join(root, dir))) return [];
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f).split('\\').join('/'))
    .filter(keep)
    .sort();
}

/** Every hit as `file:line: match (hint)`. */
function findings(path: string, text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    for (const { pattern, instead } of FORBIDDEN) {
      for (const m of line.matchAll(pattern)) out.push(`${path}:${i + 1}: "${m[0]}" (${instead})`);
    }
  });
  return out;
}

const pages = [
  'README.md',
  'CHANGELOG.md',
  ...files('docs', (f) => f.endsWith('.md') && !f.startsWith('docs/api/')),
  ...files('.changeset', (f) => f.endsWith('.md')),
].filter((f) => existsSync(join(root, f)));
const sources = files('src', (f) => /\.(ts|mts|cts|js|mjs)$/.test(f));

describe('user-facing wording', () => {
  it('the checks catch each word, and only as a word', () => {
    const sample = [
      'The SPEC says so.', // hit
      'as the seed services spell it; Seeds 001', // two hits
      'see ../shared/bench', // hit
      'targets of issue 6, issue #12', // two hits
      'spec, specified, SPECIAL, seeded, seedless, issue time, the issuer', // no hit
    ].join('\n');
    expect(findings('sample.md', sample).map((f) => f.split(': ')[1])).toEqual([
      '"SPEC" (say what the behaviour is, not where it was decided)',
      '"seed" (describe the service or document plainly)',
      '"Seeds" (describe the service or document plainly)',
      '"../shared" (a path outside the package; name the tool in words)',
      '"issue 6" (say what changed, not which ticket asked for it)',
      '"issue #12" (say what changed, not which ticket asked for it)',
    ]);
  });

  it('finds the README, the guides and the sources', () => {
    expect(pages).toContain('README.md');
    expect(pages.filter((p) => p.startsWith('docs/')).length).toBeGreaterThan(5);
    expect(pages.some((p) => p.startsWith('docs/api/'))).toBe(false);
    expect(sources).toContain('src/index.ts');
    expect(sources.some((f) => f.startsWith('src/handler/'))).toBe(true);
  });

  it('README, guides, changelog and changesets', () => {
    expect(pages.flatMap((p) => findings(p, readFileSync(join(root, p), 'utf8')))).toEqual([]);
  });

  it('the contributor-only check catches test files, the bench harness and repository-only tools', () => {
    const sample = [
      'checked in `test/compat/size.test.ts` and kit.test.ts', // two hits: a path, a file name
      'on the busy 2-core development machine, see bench/README.md', // two hits
      'run `npm run docs`, then open docs/api/ or examples/node-http', // three hits
      'see CONTRIBUTING.md', // one hit
      'docs/testing.md, the test suite, benchmarks, `npm test`, `npm install`, my-examples/', // no hit
    ].join('\n');
    expect(contributorOnly('sample.md', sample).map((f) => f.split(': ')[1])).toEqual([
      '"test/compat/size.test.ts" (names a test file (not in the package))',
      '"kit.test.ts" (names a test file (not in the package))',
      '"bench/README.md" (names the bench harness (see bench/README.md, not shipped))',
      '"2-core" (describes the development machine)',
      '"npm run docs" (a command or folder of the repository, not of the package)',
      '"docs/api" (a command or folder of the repository, not of the package)',
      '"examples/" (examples/ is not in the package)',
      '"CONTRIBUTING.md" (a contributor page (not in the package))',
    ]);
  });

  it('README, guides and changelog name no test file, bench harness or contributor page', () => {
    const shipped = pages.filter((p) => !p.startsWith('.changeset/'));
    expect(shipped.flatMap((p) => contributorOnly(p, readFileSync(join(root, p), 'utf8')))).toEqual([]);
  });

  it('src/: JSDoc, comments, help texts and messages', () => {
    expect(sources.flatMap((f) => findings(f, readFileSync(join(root, f), 'utf8')))).toEqual([]);
  });
});
