// The timing engine: interleaved rounds of fixed-length slices, medians and paired ratios.
// Runtime-neutral (Node, Bun, Deno).

const now = () => performance.now();

/** A real garbage collection before each slice when the runtime exposes one. */
function collector() {
  if (typeof globalThis.Bun?.gc === 'function') return () => globalThis.Bun.gc(true);
  if (typeof globalThis.gc === 'function') return () => globalThis.gc();
  return () => {};
}
const gc = collector();

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// Seeded shuffle so that runs are comparable but no cell always goes first.
function shuffler(seed) {
  let x = seed >>> 0 || 1;
  const next = () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), (x >>> 0) / 2 ** 32);
  return (a) => {
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  };
}

/** Runs `fn` for about `ms` and returns ops/s. `inFlight` 1 = awaited one by one. */
export async function slice(fn, ms, inFlight) {
  gc();
  let ops = 0;
  const start = now();
  const deadline = start + ms;
  let t = start;
  if (inFlight === 1) {
    // Batches of 16 awaited calls between clock reads keep the clock out of the measurement.
    while (t < deadline) {
      for (let i = 0; i < 16; i++) await fn();
      ops += 16;
      t = now();
    }
  } else {
    const batch = new Array(inFlight);
    while (t < deadline) {
      for (let i = 0; i < inFlight; i++) batch[i] = fn();
      await Promise.all(batch);
      ops += inFlight;
      t = now();
    }
  }
  return (ops * 1000) / (t - start);
}

/**
 * cells: [{ key, fn, inFlight }]. Each cell gets a warm-up slice, then `rounds` rounds in which
 * every cell runs one slice, in a freshly shuffled order. Returns key → per-round ops/s.
 */
export async function interleave(cells, { rounds, sliceMs, warmupMs, seed = 42, onRound }) {
  const shuffle = shuffler(seed);
  const samples = Object.fromEntries(cells.map((c) => [c.key, []]));
  for (const c of cells) await slice(c.fn, warmupMs, c.inFlight);
  for (let r = 0; r < rounds; r++) {
    for (const c of shuffle([...cells])) samples[c.key].push(await slice(c.fn, sliceMs, c.inFlight));
    onRound?.(r + 1);
  }
  return samples;
}

/** Median over rounds of the per-round ratio a/b (pairing by round cancels slow drift). */
export function pairedRatio(a, b) {
  return median(a.map((x, i) => x / b[i]));
}

/** (max − min) / median: how noisy a cell was. */
export function spread(xs) {
  return (Math.max(...xs) - Math.min(...xs)) / median(xs);
}
