// The figures in README.md's Performance section and in docs/performance.md are the ones in
// bench/results.json, which `npm run bench` writes. No timing happens here: the test only
// compares the pages with the stored results, so that a new bench run cannot leave old numbers
// in the docs. To update the pages after a run:
//   node bench/markdown.mjs --write   (docs/performance.md, generated whole)
//   node test/docs/bench-tables.mjs   (the README table, to paste)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { bundleTable, goalsTable, loadResults, readmeTable } from './bench-tables.mjs';

const root = join(import.meta.dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const page = readFileSync(join(root, 'docs', 'performance.md'), 'utf8');
const results = loadResults() as { handler?: { status: number; output: string } } & Record<string, { date?: string }>;

describe('performance figures come from bench/results.json', () => {
  it("the README's ratio table", () => {
    const table = readmeTable(results) as string;
    expect(table).toMatch(/livekit-server-sdk[\s\S]*jose/);
    expect(readme).toContain(table);
    expect(readme).toContain('](docs/performance.md)');
  });

  it('the README says which build it measured: the date of each stored run', () => {
    // A new run brings a new date, so the sentence that describes the measured build is reread.
    const dates = new Set(['node', 'bun', 'deno'].map((rt) => results[rt]?.date?.slice(0, 10)).filter(Boolean));
    expect(dates.size).toBeGreaterThan(0);
    for (const date of dates) expect(readme).toContain(date);
  });

  it('docs/performance.md is what bench/markdown.mjs generates from the results', () => {
    const generated = execFileSync(process.execPath, [join(root, 'bench', 'markdown.mjs')], { encoding: 'utf8' });
    expect(generated).toContain(bundleTable(results));
    expect(generated).toContain(goalsTable(results));
    expect(page).toBe(generated);
  });

  it('docs/performance.md names the runtime versions and the CPU, and no load average or harness path', () => {
    for (const rt of ['node', 'bun', 'deno'] as const) {
      const run = results[rt] as { runtime?: string; cpu?: string } | undefined;
      if (run?.runtime) expect(page.toLowerCase()).toContain(run.runtime.toLowerCase());
      if (run?.cpu) expect(page).toContain(run.cpu);
    }
    expect(page).not.toMatch(/load average|\.tmp\/|\/work\/|shared\/bench/i);
  });
});
