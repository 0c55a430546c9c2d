// Proves that the domain layer costs nothing to an app that only mints tokens.
import { build, type Metafile } from 'esbuild';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');

async function bundle(contents: string): Promise<{ code: string; meta: Metafile }> {
  const r = await build({
    stdin: { contents, resolveDir: root, loader: 'ts' },
    bundle: true, write: false, minify: true, format: 'esm', metafile: true, logLevel: 'silent',
  });
  return { code: r.outputFiles[0]!.text, meta: r.metafile };
}

/** Source files that contributed at least one byte to the bundle. */
const contributing = (meta: Metafile) =>
  Object.values(meta.outputs).flatMap((o) => Object.entries(o.inputs).filter(([, i]) => i.bytesInOutput > 0).map(([f]) => f));

const DOMAIN_FILES = ['src/webhook.ts', 'src/presets.ts', 'src/helpers.ts', 'src/describe.ts', 'src/refresh.ts'];
// Strings that exist only in the webhook, preset, helper/describe and verify code.
const FINGERPRINTS = ['ERR_WEBHOOK_BODY', 'Bearer', 'sip.phoneNumber', 'sip_', 'EXPIRED', 'no expiry', 'forever', 'dispatch agent', 'ERR_TOKEN_SIGNATURE', 'ERR_TOKEN_EXPIRED'];

describe('tree shaking (esbuild, minified ESM)', () => {
  it('a bundle importing only createToken holds no webhook, preset, helper, refresh or verify code', async () => {
    const { code, meta } = await bundle("export { createToken } from './src/index.ts'");
    const files = contributing(meta);
    expect(files).toContain('src/jwt/create.ts');
    // meanings.ts: the one-line field descriptions are for describeToken, not for minting.
    for (const f of [...DOMAIN_FILES, 'src/jwt/verify.ts', 'src/jwt/validate.ts', 'src/meanings.ts']) expect(files).not.toContain(f);
    for (const s of FINGERPRINTS) expect(code, s).not.toContain(s);
  });

  it('control: the same fingerprints are found when the domain layer is imported', async () => {
    const { code, meta } = await bundle(
      "export { verifyWebhook, sipCallerToken, describeToken, canJoin, refreshToken } from './src/index.ts'",
    );
    expect(contributing(meta)).toEqual(expect.arrayContaining(DOMAIN_FILES));
    for (const s of FINGERPRINTS) expect(code, s).toContain(s);
  });

  it('each domain module pulls in only what it uses: presets need no crypto, helpers no JWT code', async () => {
    const presets = contributing((await bundle("export { participantGrant, roomManagementToken } from './src/index.ts'")).meta);
    expect(presets.filter((f) => f.startsWith('src/jwt/') || f.includes('hmac'))).toEqual([]);
    const helpers = contributing((await bundle("export { canPublish, canJoin, isExpired } from './src/index.ts'")).meta);
    expect(helpers.filter((f) => f.startsWith('src/jwt/') || f.includes('hmac') || f.includes('webhook'))).toEqual([]);
  });
});
