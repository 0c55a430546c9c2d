// `livekit-token inspect` on the command line, without a browser: help, usage errors, and the
// file it writes. The browser side is test/inspect/browser.test.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTokenSync } from '../../src/index.js';
import { assertBuilt, cli, scratchFolder } from '../cli/run.js';

beforeAll(assertBuilt);

const token = createTokenSync({ apiKey: 'devkey', apiSecret: 'secret' }, { identity: 'alice', video: { roomJoin: true, room: 'demo' } });

describe('livekit-token inspect', () => {
  it('--help says a TOKEN argument shows in the process list, and is listed in the main help', () => {
    const help = cli(['inspect', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('VISIBLE to every user of this machine in the process list');
    expect(help.stdout).toContain('Nothing leaves the machine');
    expect(cli(['--help']).stdout).toMatch(/^ {2}inspect {2}open the token debugger page/m);
    expect(cli(['serve', '--help']).stdout).toContain('With --dev, GET /\nis the token debugger page');
  });

  it('usage errors exit 2: an unknown flag, two tokens, a timeout over a day, an unwritable --html', () => {
    expect(cli(['inspect', '--no-such-flag']).code).toBe(2);
    expect(cli(['inspect', token, token]).code).toBe(2);
    const long = cli(['inspect', '--no-open', '--timeout', '2d', token]);
    expect(long).toMatchObject({ code: 2, stderr: expect.stringContaining('--timeout: at most 1d') });
    const unwritable = cli(['inspect', '--html', '/nonexistent-dir/page.html', token]);
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toContain('--html: cannot write "/nonexistent-dir/page.html" (ENOENT)');
  });

  it('the server stops by itself after --timeout when no page closes it', () => {
    const r = cli(['inspect', '--no-open', '--timeout', '1s']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^livekit-token inspect: the page is at http:\/\/127\.0\.0\.1:\d+\/[0-9a-f]{32}\/\n$/);
    expect(r.stderr).toContain('stopped: no page closed it within 1 s');
  });

  it('--html without a token writes the empty page; a token with "<" cannot close its data block', () => {
    const scratch = scratchFolder('inspect-cli-');
    try {
      const empty = join(scratch.dir, 'empty.html');
      expect(cli(['inspect', '--html', empty]).code).toBe(0);
      expect(readFileSync(empty, 'utf8')).toContain('<script type="application/json" id="handover">{}</script>');
      const hostile = join(scratch.dir, 'hostile.html');
      expect(cli(['inspect', '--html', hostile, '-'], { input: 'a.b.c</script><script>alert(1)</script>' }).code).toBe(0);
      const html = readFileSync(hostile, 'utf8');
      expect(html).toContain('{"token":"a.b.c\\u003c/script>\\u003cscript>alert(1)\\u003c/script>"}</script>');
      expect(html.match(/<script/g)).toHaveLength(2);
    } finally {
      scratch.remove();
    }
  });
});
