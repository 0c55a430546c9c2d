import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { defineConfig, type Options } from 'tsup';
// @ts-expect-error: a plain ES module of the build scripts, without type declarations.
import { writeInspectPage } from './scripts/inspect-page.mjs';

type EsbuildPlugin = NonNullable<Options['esbuildPlugins']>[number];

// One entry per public subpath. Entries whose source does not exist yet are skipped so that
// the build works while subpaths are being added.
const library: Record<string, string> = {
  index: 'src/index.ts',
  'compat/index': 'src/compat/index.ts',
  'handler/index': 'src/handler/index.ts',
  'testing/index': 'src/testing/index.ts',
};
const present = (entries: Record<string, string>) =>
  Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(file)));

const shared: Options = { target: 'es2022', treeshake: true, sourcemap: false, dts: true, splitting: true };

/**
 * Builds for one runtime family: an import of `lib/<name>.js` (the HMAC, the sync API's hash and
 * signing, base64url, UTF-8) resolves to `lib/<name>-<engine>.ts` when that file exists. The engine files
 * themselves still reach the portable ones (the Deno engine falls back to Web Crypto for large
 * inputs; the Node files reuse what they do not replace).
 */
function engine(name: 'node' | 'deno'): EsbuildPlugin {
  return {
    name: `engine-${name}`,
    setup(build) {
      build.onResolve({ filter: /^\.{1,2}\/(?:lib\/)?(?:hmac|sha256|base64url|utf8|jws)\.js$/ }, (args) => {
        if (args.importer.includes(`-${name}.ts`)) return undefined;
        const file = join(args.resolveDir, args.path.replace(/\.js$/, `-${name}.ts`));
        return existsSync(file) && dirname(file).endsWith(join('src', 'lib')) ? { path: file } : undefined;
      });
    },
  };
}

// The Web build (`dist/`): what browsers, Workers and edge runtimes resolve. Web APIs only.
// `clean` spares the other builds' folders, which are built at the same time.
const web: Options = { ...shared, entry: present(library), format: ['esm', 'cjs'], platform: 'neutral', clean: ['!node/**', '!deno/**', '!cli/**'] };
// The Node build (`dist/node/`, export condition `node`: Node and Bun): native HMAC through
// `node:crypto`, base64url and UTF-8 through `Buffer`. Same API, so it shares the Web build's
// type declarations.
const node: Options = { ...shared, entry: present(library), format: ['esm', 'cjs'], platform: 'node', outDir: 'dist/node', clean: true, dts: false, removeNodeProtocol: false, esbuildPlugins: [engine('node')] };
// The Deno build (`dist/deno/`, export condition `deno`): Web APIs only, HMAC inline for tokens.
const deno: Options = { ...shared, entry: present(library), format: ['esm'], platform: 'neutral', outDir: 'dist/deno', clean: true, dts: false, esbuildPlugins: [engine('deno')] };

export default defineConfig([
  web,
  node,
  deno,
  // The CLI is Node-only and ships as ESM with its shebang; it mints with the Node engine.
  // Next to it, the token debugger page that `inspect` serves: one HTML file (the core's Web build inside).
  ...(existsSync('src/cli/index.ts')
    ? [{
        ...shared, entry: { index: 'src/cli/index.ts' }, outDir: 'dist/cli', clean: true, removeNodeProtocol: false, format: ['esm'] as Options['format'], platform: 'node' as const, dts: false, esbuildPlugins: [engine('node')],
        // tsup bundles this config elsewhere: the script is told where the checkout is.
        onSuccess: async () => void (await writeInspectPage('dist/cli/inspect.html', process.cwd())),
      }]
    : []),
]);
