// What `npm publish` would ship: the build, the guides (docs/*.md, so that the README's and the
// CLI's links work inside node_modules/livekit-token), the README's screenshot of the token
// debugger, the README, the licence, the changelog and package.json; not the generated API
// reference, the examples, the sources, the tests, the benchmarks or CONTRIBUTING.md.
// package.json describes the package for npm's search and page (description, keywords,
// license) and names no repository, homepage or issue tracker: none is published yet, and a
// guessed URL would send users to someone else's project.
// Scripts are skipped (`npm test` has just built dist/). test/docs/links.test.ts follows every
// link from the packed files.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

describe('npm pack', () => {
  it('ships only dist/**, docs/*.md, docs/inspect.png, README.md, LICENSE, CHANGELOG.md and package.json', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const [pack] = JSON.parse(out) as Array<{ files: Array<{ path: string }> }>;
    const paths = pack!.files.map((f) => f.path);
    const top = new Set(['README.md', 'LICENSE', 'CHANGELOG.md', 'package.json', 'docs/inspect.png']);
    const guide = (p: string) => /^docs\/[\w-]+\.md$/.test(p);
    expect(paths.filter((p) => !top.has(p) && !p.startsWith('dist/') && !guide(p))).toEqual([]);
    for (const required of [...top, 'dist/cli/inspect.html', 'dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'docs/README.md']) {
      expect(paths).toContain(required);
    }
    const guides = readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`);
    expect(paths.filter(guide).sort()).toEqual(guides.sort());
  });

  it('package.json has a description, keywords and a license, and no repository, homepage or bugs', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(typeof pkg['description']).toBe('string');
    expect((pkg['description'] as string).length).toBeGreaterThan(20);
    expect(pkg['keywords']).toEqual(expect.arrayContaining(['livekit', 'jwt', 'token']));
    expect(pkg['license']).toBe('MIT');
    expect(Object.keys(pkg).filter((k) => ['repository', 'homepage', 'bugs'].includes(k))).toEqual([]);
  });
});
