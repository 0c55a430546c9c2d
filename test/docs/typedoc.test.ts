// The API reference: `typedoc` must build with zero warnings (TypeDoc's own validation makes an
// undocumented export or a broken {@link} a warning), and every export of every public subpath
// must have a summary and an @example. The examples themselves are type-checked in snippets.test.ts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
mkdirSync(join(root, '.tmp'), { recursive: true });
const out = mkdtempSync(join(root, '.tmp', 'typedoc-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

interface Comment { summary?: unknown[]; blockTags?: Array<{ tag: string }> }
interface Reflection {
  name: string;
  kind: number;
  comment?: Comment;
  signatures?: Array<{ comment?: Comment }>;
  children?: Reflection[];
}
const MODULE = 2;
// A re-export of a declaration documented in another entry point (e.g. compat's grant types).
const REFERENCE = 4194304;

const typedoc = (...args: string[]) =>
  spawnSync(process.execPath, [join(root, 'node_modules/typedoc/bin/typedoc'), ...args], { cwd: root, encoding: 'utf8' });

describe('API reference (TypeDoc)', () => {
  let project: Reflection;

  beforeAll(() => {
    // A second, lenient run gives the JSON model for the checks below even when the strict
    // run fails, so each failure is reported once, by the test that owns it.
    const run = typedoc('--out', join(out, 'lenient'), '--json', join(out, 'api.json'));
    if (!existsSync(join(out, 'api.json'))) throw new Error(`typedoc produced no JSON:\n${run.stdout}${run.stderr}`);
    project = JSON.parse(readFileSync(join(out, 'api.json'), 'utf8')) as Reflection;
  }, 120_000);

  it('builds with --treatWarningsAsErrors', () => {
    const run = typedoc('--treatWarningsAsErrors', '--out', join(out, 'html'));
    expect(`${run.stdout}${run.stderr}`.replace(/^.*nodedir.*$/m, '').trim()).toMatch(/^\S*\[info\]\S* html generated at \S+$/);
    expect(run.status).toBe(0);
    expect(existsSync(join(out, 'html', 'index.html'))).toBe(true);
  }, 120_000);

  it('documents exactly the public subpaths whose source exists', () => {
    const expected = ['index', 'compat', 'handler', 'testing'].filter((m) =>
      existsSync(join(root, 'src', m === 'index' ? 'index.ts' : `${m}/index.ts`)),
    );
    // With one entry point TypeDoc puts the exports at the top level instead of in a module.
    const modules = project.children!.some((c) => c.kind === MODULE) ? project.children!.map((c) => c.name) : ['index'];
    expect(modules.sort()).toEqual(expected.sort());
  });

  // A summary and an @example on every export of every entry point: functions, classes and
  // values, and the option and result types too (issue 10).
  it('every export of every subpath has a summary and an @example', () => {
    const modules = project.children!.some((c) => c.kind === MODULE) ? project.children! : [{ ...project, name: 'index' }];
    const missing: string[] = [];
    for (const mod of modules) {
      for (const item of (mod.children ?? []).filter((c) => c.kind !== REFERENCE)) {
        const comment = item.comment ?? item.signatures?.[0]?.comment;
        if (!comment?.summary?.length) missing.push(`${mod.name}: ${item.name} has no summary`);
        if (!comment?.blockTags?.some((t) => t.tag === '@example')) missing.push(`${mod.name}: ${item.name} has no @example`);
      }
    }
    expect(missing).toEqual([]);
  });
});
