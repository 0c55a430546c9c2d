// Checks on the built package (npm test builds first) and on the README's own commands.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const dist = join(root, 'dist');

describe('built package', () => {
  it('core ESM and CJS files use no Node-only API', () => {
    const files = readdirSync(dist).filter((f) => /\.(c?js)$/.test(f) && !f.startsWith('cli') && !f.startsWith('node'));
    expect(files).toContain('index.js');
    expect(files).toContain('index.cjs');
    for (const f of files) {
      const code = readFileSync(join(dist, f), 'utf8');
      expect(code, f).not.toMatch(/["']node:|\bBuffer\b|\bprocess\b|require\(["'](crypto|fs|buffer)["']\)/);
    }
  });

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
    expect(readme).toContain('npm run example');
    expect(readme).toContain('npm test');
    expect(ci).toContain('npm test');
  });
});
