// Importing only the async API must not pull the sync engine's SHA-256 into a bundle.
// (Sizes themselves are reported by `npm run bench`, not asserted here.)
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

async function bundle(names: string): Promise<string> {
  const result = await build({
    stdin: { contents: `export { ${names} } from './src/index.ts';`, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

// Math.cbrt appears only where sha256.ts derives its round constants.
const SHA256_MARKER = 'Math.cbrt';

describe('tree-shaking of the sync engine', () => {
  it.each(['createToken', 'verifyToken', 'createToken, verifyToken, decodeToken'])('{ %s } carries no SHA-256 code', async (names) => {
    expect(await bundle(names)).not.toContain(SHA256_MARKER);
  });

  it.each(['createTokenSync', 'verifyTokenSync'])('{ %s } does (control), and no Web Crypto HMAC', async (name) => {
    const code = await bundle(name);
    expect(code).toContain(SHA256_MARKER);
    expect(code).not.toContain('importKey');
  });
});
