// The figures in README.md's Performance section and in docs/performance.md are the ones in
// bench/results.json, which `npm run bench` writes. No timing happens here: the test only
// compares the pages with the stored results, so that a new bench run cannot leave old numbers
// in the docs. To update the pages after a run, paste the output of
//   node bench/markdown.mjs           (throughput, growth and cold-start tables)
//   node test/docs/bench-tables.mjs   (the README table, bundle sizes, design goals)
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

/** Blank-line separated blocks of markdown.mjs output: tables, and headings without their #s. */
function blocks(output: string): string[] {
  return output
    .split(/\n\s*\n/)
    .map((b) => b.trim())
    .filter(Boolean)
    .map((b) => b.replace(/^#+\s+/, ''));
}

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

  it('docs/performance.md holds every table bench/markdown.mjs prints', () => {
    const out = execFileSync(process.execPath, [join(root, 'bench', 'markdown.mjs')], { encoding: 'utf8' });
    const expected = blocks(out);
    expect(expected.some((b) => b.startsWith('|'))).toBe(true);
    expect(expected.filter((b) => !page.includes(b))).toEqual([]);
  });

  it('docs/performance.md holds the bundle sizes and design goals from the same results', () => {
    expect(page).toContain(bundleTable(results));
    expect(page).toContain(goalsTable(results));
  });

  it("docs/performance.md holds the token service's table from the same results", () => {
    if (results.handler?.status !== 0) return expect(results.handler).toBeUndefined();
    const table = results.handler.output.split('\n').filter((l) => l.startsWith('|')).join('\n');
    expect(table).toContain('livekit-server-sdk');
    expect(page).toContain(table);
  });
});
