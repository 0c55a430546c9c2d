// Runtime-neutral assertions for the cross-runtime cases: Web APIs only, no node:*.
export function assert(condition, message) {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

export function assertEqual(actual, expected, message) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${message}: expected ${e}, got ${a}`);
}

/** Awaits `promiseOrFn` and checks that it fails with a LiveKitTokenError of `code`. */
export async function assertRejectsCode(promiseOrFn, code, message) {
  try {
    await (typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn);
  } catch (e) {
    if (e && e.code === code && e.name === 'LiveKitTokenError') return;
    throw new Error(`${message}: expected ${code}, got ${e && (e.code || e.name || e)}`);
  }
  throw new Error(`${message}: expected ${code}, but it succeeded`);
}
