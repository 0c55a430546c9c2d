// Credentials from the environment, only where one exists. Edge runtimes (Workers, Vercel
// Edge) have no `process`, and Deno throws without --allow-env: both simply yield nothing.

/**
 * Reads an environment variable through a guarded `globalThis.process`, never a bare `process`
 * identifier, so bundles for the browser or Workers neither fail nor pull in a polyfill.
 */
export function readEnv(name: string): string | undefined {
  try {
    const host = (globalThis as Record<string, unknown>)['process'] as
      | { env?: Record<string, string | undefined> }
      | undefined;
    const value = host?.env?.[name];
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
