import { existsSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';

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

export default defineConfig([
  { ...shared, entry: present(library), format: ['esm', 'cjs'], platform: 'neutral', clean: true },
  // The CLI is Node-only and ships as ESM with its shebang.
  ...(existsSync('src/cli/index.ts')
    ? [{ ...shared, entry: { 'cli/index': 'src/cli/index.ts' }, format: ['esm'] as Options['format'], platform: 'node' as const, dts: false }]
    : []),
]);
