// What `npm publish` would ship: only the build, the README, the licence, the changelog and
// package.json. Scripts are skipped (`npm test` has just built dist/).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

describe('npm pack', () => {
  it('ships only dist/**, README.md, LICENSE, CHANGELOG.md and package.json', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const [pack] = JSON.parse(out) as Array<{ files: Array<{ path: string }> }>;
    const paths = pack!.files.map((f) => f.path);
    const top = new Set(['README.md', 'LICENSE', 'CHANGELOG.md', 'package.json']);
    expect(paths.filter((p) => !top.has(p) && !p.startsWith('dist/'))).toEqual([]);
    for (const required of [...top, 'dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts']) {
      expect(paths).toContain(required);
    }
  });
});
