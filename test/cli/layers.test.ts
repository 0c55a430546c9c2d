// The command line sits on the core and the token service, never on the testing kit or the
// compat layer: those are for tests and for migrating SDK code, and the bin must not ship them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './run.js';

const cliDir = join(root, 'src', 'cli');
const files = readdirSync(cliDir).filter((f) => f.endsWith('.ts'));

/** Every module specifier of `import … from`, `export … from`, `import('…')` and bare `import '…'`. */
function specifiers(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/\b(?:from|import)\s*\(?\s*['"]([^'"\n]+)['"]/g)) found.push(m[1]!);
  return found;
}

/** What a CLI module may import: Node built-ins, its siblings, the core's modules, the handler. */
function allowed(spec: string): boolean {
  if (spec.startsWith('node:')) return true;
  if (/^\.\/[\w-]+\.js$/.test(spec)) return true;
  if (!spec.startsWith('../')) return false; // no packages: the CLI has no dependencies
  const [layer] = spec.slice(3).split('/');
  return layer !== 'testing' && layer !== 'compat' && layer !== 'cli';
}

describe('src/cli imports', () => {
  it('finds the CLI modules and their imports', () => {
    expect(files).toContain('main.ts');
    expect(specifiers(readFileSync(join(cliDir, 'decode.ts'), 'utf8'))).toContain('../index.js');
  });

  it.each(files)('%s imports only the core, the handler, Node and its siblings', (file) => {
    const bad = specifiers(readFileSync(join(cliDir, file), 'utf8')).filter((s) => !allowed(s));
    expect(bad).toEqual([]);
  });

  it('the checker itself refuses the testing kit and compat', () => {
    expect(allowed('../testing/index.js')).toBe(false);
    expect(allowed('../testing/inspect.js')).toBe(false);
    expect(allowed('../compat/index.js')).toBe(false);
    expect(allowed('livekit-token/testing')).toBe(false);
    expect(allowed('../handler/index.js')).toBe(true);
    expect(allowed('../lib/text.js')).toBe(true);
  });
});
