// The README's main job, run exactly as written: after `npm install` (whose prepare script
// builds dist/), `npx livekit-token create …` in the repository runs the package's own bin.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyToken } from '../../src/index.js';
import { assertBuilt, cleanEnv, root } from './run.js';

const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** The shell lines of the first ```sh block after `heading`, comments removed. */
function commands(heading: string): string[] {
  const section = readme.slice(readme.indexOf(`\n${heading}\n`));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter(Boolean);
}

beforeAll(assertBuilt);

describe('README', () => {
  it('"Try it" shows the npx command, and it prints a token for alice in room demo', async () => {
    const command = commands('## Try it').find((c) => c.startsWith('npx livekit-token'));
    expect(command).toBe('npx livekit-token create --dev --room demo --identity alice');
    // npm_config_yes=false: npx must find the local bin, never download a package of that name.
    const out = execFileSync('sh', ['-c', command!], { cwd: root, env: cleanEnv({ npm_config_yes: 'false' }), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]{43}\n$/);
    const claims = await verifyToken(out.trim(), { devkey: 'secret' }, { room: 'demo', identity: 'alice' });
    expect(claims.video).toEqual({ roomJoin: true, room: 'demo' });
    expect(claims.exp! - claims.nbf!).toBe(6 * 3600);
  });

  it('"Command line" examples use only commands and flags the CLI accepts', () => {
    const lines = commands('## Command line');
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (const line of lines) {
      const [, command, ...args] = line.split(/\s+/);
      expect(['create', 'decode', 'verify', 'serve', 'inspect']).toContain(command);
      const help = execFileSync(process.execPath, [join(root, 'dist/cli/index.js'), command!, '--help'], { encoding: 'utf8' });
      for (const flag of args.filter((a) => a.startsWith('--'))) expect(help, `${line}: ${flag}`).toContain(flag);
    }
  });
});
