// The token debugger in a real browser: Debian's Chromium, driven by playwright-core. The page
// is the one the build leaves next to the bin (dist/cli/inspect.html), reached the ways a user
// reaches it: the file `inspect --html` writes, and the local server of `inspect --no-open`.
// Every state is photographed at 1280×800 and at phone width into .tmp/inspect-shots/.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenSync } from '../../src/index.js';
import { forgeToken } from '../../src/testing/index.js';
import { assertBuilt, bin, cleanEnv, cli, listeningUrl, root, scratchFolder, start } from '../cli/run.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const found = existsSync(CHROMIUM);
if (!found) {
  // Loud on purpose: CI installs Debian's chromium (.ci/run); a machine without it skips the browser tests.
  console.warn(`\n\n*** SKIPPING the token debugger's browser tests: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH) ***\n\n`);
}

const shots = join(root, '.tmp', 'inspect-shots');
const pagePath = join(root, 'dist', 'cli', 'inspect.html');
const key = { apiKey: 'APIdebugger', apiSecret: 'a-secret-of-at-least-32-characters-long' };
const now = Math.floor(Date.now() / 1000);

const valid = createTokenSync(key, {
  identity: 'alice',
  name: 'Alice',
  ttl: '1h',
  video: { roomJoin: true, room: 'standup', canPublishSources: ['camera', 'microphone'] },
  roomConfig: { agents: [{ agentName: 'notes-taker' }] },
});
const expired = createTokenSync(key, { identity: 'bob', now: (now - 4 * 3600) * 1000, ttl: '1h', video: { roomJoin: true, room: 'standup' } });
// A server token carrying what only a joining participant uses, egress credentials, SIP
// attributes on a standard participant and a week-long life.
const troubled = createTokenSync(key, {
  identity: 'ops',
  ttl: '7d',
  attributes: { 'sip.phoneNumber': '+15551234567' },
  video: { roomAdmin: true, room: 'standup', canUpdateOwnMetadata: true },
  roomConfig: { agents: [{}], egress: { room: { roomName: 'standup', fileOutputs: [{ filepath: 'a.mp4', s3: { accessKey: 'AK', secret: 'SK', bucket: 'b' } }] } } as never },
  allowSensitiveCredentials: true,
});

let browser: Browser;

beforeAll(async () => {
  assertBuilt();
  if (!found) return;
  mkdirSync(shots, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    // As root without a display; Chromium's own background connections would fail on a closed network.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

/** A fresh page (its own profile: no storage shared between tests) that logs every request it makes. */
async function open(width = 1280, height = 800) {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'en-GB', timezoneId: 'UTC' });
  const page = await context.newPage();
  const requests: string[] = [];
  const violations: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => m.type() === 'error' && violations.push(m.text()));
  page.on('pageerror', (e) => violations.push(e.message));
  return { page, requests, violations, close: () => context.close() };
}

/** Photographs the page at desktop and phone width, scrolled to `selector` when given. */
async function shoot(page: Page, name: string, selector?: string): Promise<void> {
  for (const [label, width, height] of [['desktop', 1280, 800], ['phone', 390, 844]] as const) {
    await page.setViewportSize({ width, height });
    // The timeline redraws at the new width.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    if (selector) await page.locator(selector).scrollIntoViewIfNeeded();
    else await page.evaluate(() => scrollTo(0, 0));
    await page.screenshot({ path: join(shots, `${name}-${label}.png`) });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

const fileUrl = pathToFileURL(pagePath).href;

/** The status of a GET of `url` sent with another Host header (fetch may not set one). */
function statusWithHost(url: string, host: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { host } }, (response) => {
      response.resume();
      resolve(response.statusCode);
    }).on('error', reject);
  });
}

describe.skipIf(!found)('the token debugger page in Chromium', () => {
  it('is one file under 200 KB whose policy allows only its own script and style, and no request beyond its origin', () => {
    const html = readFileSync(pagePath, 'utf8');
    expect(Buffer.byteLength(html)).toBeLessThan(200 * 1024);
    console.info(`inspect.html: ${Buffer.byteLength(html)} bytes, ${gzipSync(html).length} gzip`);
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1];
    expect(csp).toMatch(/^default-src 'none'; script-src 'sha256-[\w+/]+=*'; style-src 'sha256-[\w+/]+=*'; connect-src 'self';/);
    expect(html).not.toMatch(/\b(?:src|href)=["']?(?:https?:)?\/\//i);
    expect(html).not.toMatch(/node:/);
  });

  it('empty: asks for a token and says that nothing leaves the machine', async () => {
    const { page, requests, violations, close } = await open();
    await page.goto(fileUrl);
    await expect.poll(() => page.locator('#private').textContent()).toContain('Nothing leaves this machine');
    expect(await page.locator('#result').isHidden()).toBe(true);
    await shoot(page, '1-empty');
    expect(requests).toEqual([fileUrl]);
    expect(violations).toEqual([]);
    await close();
  });

  it('a pasted valid token: status, grants in words and a drawn timeline; wrong secret → ERR_TOKEN_SIGNATURE; right secret → verified', async () => {
    const { page, requests, violations, close } = await open();
    await page.goto(fileUrl);
    await page.locator('#token-input').fill(valid);
    await expect.poll(() => page.locator('#status').textContent()).toBe('VALID');
    expect(await page.locator('#relative').textContent()).toMatch(/^expires in (59 min|1 h)/);
    const abilities = await page.locator('#abilities li').allTextContents();
    expect(abilities).toContain('Join room “standup” as “alice”');
    expect(abilities).toContain('Publish from camera, microphone');
    expect(abilities).toContain('Dispatch “notes-taker” when its join creates the room');
    // Drawn: the window, the server's leeway bands and the instants, not only written.
    expect(await page.locator('#timeline svg rect.window.valid').count()).toBe(1);
    expect(await page.locator('#timeline svg rect.band').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('#timeline svg text').allTextContents()).toEqual(expect.arrayContaining(['nbf · valid from', 'exp · expires', expect.stringMatching(/^now · expires in/)]));
    expect(await page.locator('#claims-json').textContent()).toContain('\n  "sub": "alice",\n');
    expect(await page.locator('#api-key').inputValue()).toBe(key.apiKey);
    await shoot(page, '2-valid');

    await page.locator('#api-secret').fill('not-the-secret');
    await page.locator('#verify-button').click();
    await expect.poll(() => page.locator('#verify-result').textContent()).toContain('ERR_TOKEN_SIGNATURE');
    expect(await page.locator('#verify-result').textContent()).toContain('hint: wrong secret or key: the token names API key "APIdebugger"');
    await shoot(page, '4-verify-wrong-secret', '#verify-card');

    await page.locator('#api-secret').fill(key.apiSecret);
    await page.locator('#verify-button').click();
    await expect.poll(() => page.locator('#verify-result').textContent()).toContain('Verified');
    expect(await page.locator('#engine').textContent()).toContain('Web Crypto');
    await shoot(page, '5-verified', '#verify-card');

    // Nothing went anywhere: the only request is the file itself, and the token is in no URL.
    expect(requests).toEqual([fileUrl]);
    expect(page.url()).toBe(fileUrl);
    expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
    expect(violations).toEqual([]);
    await close();
  });

  it('an expired token: the warning, the red window and "expired … ago"', async () => {
    const { page, violations, close } = await open();
    await page.goto(fileUrl);
    await page.locator('#token-input').fill(expired);
    await expect.poll(() => page.locator('#status').textContent()).toBe('EXPIRED');
    expect(await page.locator('#relative').textContent()).toMatch(/^expired 3 h( \d+ min)? ago$/);
    expect(await page.locator('#findings li.warning.serious strong').first().textContent()).toMatch(/^Expired 3 h/);
    expect(await page.locator('#timeline svg rect.window.expired').count()).toBe(1);
    await shoot(page, '3-expired');
    expect(violations).toEqual([]);
    await close();
  });

  it('a token with traps: each warning and note shows', async () => {
    const { page, close } = await open();
    await page.goto(fileUrl);
    await page.locator('#token-input').fill(troubled);
    await expect.poll(() => page.locator('#status').textContent()).toBe('VALID');
    const titles = await page.locator('#findings li strong').allTextContents();
    expect(titles).toEqual(
      expect.arrayContaining([
        'LiveKit ignores video.canUpdateOwnMetadata, roomConfig',
        'Credentials in roomConfig.egress',
        'Lives 7 d',
        'sip.* attributes on a non-SIP participant',
      ]),
    );
    await shoot(page, '6-warnings', '#findings-card');

    // A participant that joins whatever room it asks for, with an identity near the limit.
    const roomless = await forgeToken({ key, ttl: '10m', claims: { sub: 'x'.repeat(230), video: { roomJoin: true, canUpdateOwnMetadata: true }, roomConfig: { agents: [{}] } } });
    await page.locator('#token-input').fill(roomless);
    await expect.poll(() => page.locator('#findings li strong').allTextContents()).toEqual([
      'roomJoin without a room',
      'The identity is 230 bytes',
      'Every source may publish',
      'Absent permissions are allowed',
      'Agent dispatch without a name',
      'The client may rewrite itself',
    ]);
    expect(await page.locator('#abilities li').first().textContent()).toMatch(/^Join any room the client asks for as/);
    await close();
  });

  it('a hostile token is shown as text: markup stays inert, bidi and control characters are escaped', async () => {
    const { page, requests, violations, close } = await open();
    await page.goto(fileUrl);
    const hostile = await forgeToken({ key, ttl: '10m', claims: { sub: '<img src=x onerror=alert(1)>\u202eevil\u001b[2J', video: { roomJoin: true, room: 'r' } } });
    await page.locator('#token-input').fill(hostile);
    await expect.poll(() => page.locator('#summary').textContent()).toContain('<img src=x onerror=alert(1)>\\u202eevil\\u001b[2J may join room r');
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('#claims-json').textContent()).toContain('"sub": "<img src=x onerror=alert(1)>\\u202eevil\\u001b[2J"');
    expect(requests).toEqual([fileUrl]);
    expect(violations).toEqual([]);
    await close();
  });

  it('outside a secure context (no Web Crypto) the verify box checks with the built-in SHA-256, and says so', async () => {
    const { page, close } = await open();
    // What a page opened through a LAN address gets: no isSecureContext, hence no crypto.subtle.
    await page.addInitScript(() => Object.defineProperty(globalThis, 'isSecureContext', { value: false }));
    await page.goto(fileUrl);
    expect(await page.locator('#engine').textContent()).toContain('built-in SHA-256: this page is not in a secure context');
    await page.locator('#token-input').fill(valid);
    await page.locator('#api-secret').fill('not-the-secret');
    await page.locator('#verify-button').click();
    await expect.poll(() => page.locator('#verify-result').textContent()).toContain('ERR_TOKEN_SIGNATURE');
    await page.locator('#api-secret').fill(key.apiSecret);
    await page.locator('#verify-button').click();
    await expect.poll(() => page.locator('#verify-result').textContent()).toContain('Verified');
    await close();
  });

  it('the policy really blocks a request to another origin, and a malformed token gets the CLI hint', async () => {
    const { page, requests, close } = await open();
    await page.goto(fileUrl);
    const blocked = await page.evaluate(() =>
      fetch('http://127.0.0.1:9/leak', { method: 'POST' }).then(
        () => 'sent',
        () => 'blocked',
      ),
    );
    expect(blocked).toBe('blocked');
    expect(requests).toEqual([fileUrl]);
    await page.locator('#token-input').fill(`"${valid}"`);
    await expect.poll(() => page.locator('#decode-error').isVisible()).toBe(true);
    expect(await page.locator('#decode-code').textContent()).toBe('ERR_TOKEN_MALFORMED');
    expect(await page.locator('#decode-hint').textContent()).toContain('remove the quotes');
    await shoot(page, '7-malformed');
    await close();
  });
});

describe.skipIf(!found)('livekit-token inspect', () => {
  it('--html FILE writes the page with the token inside, readable by its owner only', async () => {
    const scratch = scratchFolder('inspect-html-');
    try {
      const file = join(scratch.dir, 'token.html');
      const r = cli(['inspect', '--html', file, '-'], { input: `${expired}\n` });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const { page, requests, close } = await open();
      await page.goto(pathToFileURL(file).href);
      await expect.poll(() => page.locator('#status').textContent()).toBe('EXPIRED');
      expect(await page.locator('#summary').textContent()).toContain('bob');
      expect(requests).toEqual([pathToFileURL(file).href]);
      await close();
    } finally {
      scratch.remove();
    }
  });

  it('--no-open serves the page on 127.0.0.1, hands the token over by POST, answers nothing else, and stops when the page closes', async () => {
    const child = spawn(process.execPath, [bin, 'inspect', '--no-open'], { env: cleanEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.end(valid);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /the page is at (http:\/\/127\.0\.0\.1:\d+\/[0-9a-f]{32}\/)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on('exit', () => reject(new Error(`inspect exited: ${stderr}`)));
    });
    const origin = new URL(url).origin;
    // Only the page's own path: the root, a guessed path and a foreign Host get nothing.
    expect((await fetch(`${origin}/`)).status).toBe(404);
    expect((await fetch(`${origin}/token`, { method: 'POST' })).status).toBe(404);
    expect(await statusWithHost(url, 'attacker.example')).toBe(421);

    const { page, requests, close } = await open();
    await page.goto(url);
    await expect.poll(() => page.locator('#status').textContent()).toBe('VALID');
    expect(await page.locator('#summary').textContent()).toContain('alice');
    // The verify box works here too: http://127.0.0.1 is a secure context.
    expect(await page.locator('#engine').textContent()).toContain('Web Crypto');
    expect(requests.every((r) => new URL(r).origin === origin)).toBe(true);
    expect(requests).toEqual([url, `${url}token`]);
    expect(page.url()).toBe(url);
    await close();
    expect(await exited).toBe(0);
    expect(stderr).toContain('stopped: the page was closed');
    expect(stderr).not.toContain(valid);
  });

  it('serve --dev also serves the page at /, with its policy as a header', async () => {
    const child = start(['serve', '--dev', '--allow-anonymous', '--port', '0']);
    try {
      const url = await listeningUrl(child);
      const response = await fetch(new URL('/', url));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'none'; script-src 'sha256-.*frame-ancestors 'none'$/);
      const html = await response.text();
      expect(html).toContain('LiveKit token debugger');
      expect(html).toBe(readFileSync(pagePath, 'utf8').replace('<!--handover-->', '<script type="application/json" id="handover">{}</script>'));
    } finally {
      child.kill('SIGTERM');
    }
  });
});
