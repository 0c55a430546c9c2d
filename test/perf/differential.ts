// Runs the async (Web Crypto) and the sync (own SHA-256) engines on the same call and insists
// that they agree: the same token, the same claims, or the same error (class, code, message).
// sync.test.ts swaps this in for createToken/verifyToken and replays the core test files.
import type * as Core from '../../src/index.js';

type Outcome = { ok: unknown } | { error: unknown };
export const compared = { create: 0, verify: 0, asyncResolver: 0 };

const settle = (p: Promise<unknown>): Promise<Outcome> => p.then((ok) => ({ ok }), (error: unknown) => ({ error }));
function settleSync(f: () => unknown): Outcome {
  try {
    return { ok: f() };
  } catch (error) {
    return { error };
  }
}
function describeOutcome(o: Outcome): unknown {
  if ('ok' in o) return { ok: o.ok };
  const e = o.error as { name?: unknown; code?: unknown; message?: unknown };
  return { error: { name: e?.name, code: e?.code, message: e?.message } };
}
function same(a: Outcome, s: Outcome, what: string): void {
  const x = JSON.stringify(describeOutcome(a));
  const y = JSON.stringify(describeOutcome(s));
  if (x !== y) throw new Error(`${what}: async and sync engines disagree\n async: ${x}\n  sync: ${y}`);
}

export function differential(core: typeof Core): Partial<typeof Core> {
  return {
    async createToken(key, options) {
      const a = await settle(core.createToken(key, options));
      same(a, settleSync(() => core.createTokenSync(key, options)), 'createToken');
      compared.create++;
      if ('error' in a) throw a.error;
      return a.ok as string;
    },
    async verifyToken(token, keys, options) {
      const a = await settle(core.verifyToken(token, keys, options));
      const s = settleSync(() => core.verifyTokenSync(token, keys, options));
      const e = 'error' in s ? (s.error as { code?: string; message?: string }) : undefined;
      if (e?.code === 'ERR_INVALID_OPTIONS' && e.message?.includes('synchronous key resolver')) {
        // The one documented difference: the sync engine refuses a resolver that returns a promise.
        if (typeof keys !== 'function') throw new Error('sync engine refused a key set that is not a function');
        compared.asyncResolver++;
      } else {
        same(a, s, 'verifyToken');
        compared.verify++;
      }
      if ('error' in a) throw a.error;
      return a.ok as Core.VerifiedClaims; // verifyToken resolves to claims with iss and exp present
    },
  };
}
