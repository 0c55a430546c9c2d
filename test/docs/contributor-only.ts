// Text that only someone working in a clone of the repository can use. The package ships the
// README, the guides, the changelog and dist/, and none of these may send a user to a test file,
// the bench harness, a repository-only script or a contributor page: none of them is in
// node_modules/livekit-token. Shared by test/docs/wording.test.ts (the pages in the repository)
// and test/docs/links.test.ts (the same pages and dist/ as `npm pack` ships them).

/** What is refused, and why. */
export const CONTRIBUTOR_ONLY: ReadonlyArray<{ pattern: RegExp; why: string }> = [
  { pattern: /\btest\/[\w./-]+|\b[\w-]+\.test(?:-d)?\.ts\b/g, why: 'names a test file (not in the package)' },
  { pattern: /\bbench\/[\w./-]*|\bnpm run bench\b|\bbench:[a-z]+\b|\bharness(?:es)?\b/gi, why: 'names the bench harness (see bench/README.md, not shipped)' },
  { pattern: /\b2-core\b/g, why: 'describes the development machine' },
  { pattern: /\bnpm run (?:docs|example|changeset|build|test:[a-z]+)\b|\bdocs\/api\b/g, why: 'a command or folder of the repository, not of the package' },
  { pattern: /(?<![\w-])examples\//g, why: 'examples/ is not in the package' },
  { pattern: /\bCONTRIBUTING(?:\.md)?\b|\bcontributing\.md\b/gi, why: 'a contributor page (not in the package)' },
];

/** Every hit in `text` as `file:line: "match" (why)`. */
export function contributorOnly(path: string, text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    for (const { pattern, why } of CONTRIBUTOR_ONLY) {
      for (const m of line.matchAll(pattern)) out.push(`${path}:${i + 1}: "${m[0]}" (${why})`);
    }
  });
  return out;
}
