// UTF-8 in the Node build (Node and Bun, export condition `node`): `Buffer.from` encodes a short
// string faster than `TextEncoder` in Node. Same bytes: a lone surrogate becomes U+FFFD in both.
// Decoding stays with the strict `TextDecoder`, as in `utf8.ts` (this file replaces that one in
// the Node build, so it carries both functions).
import { Buffer } from 'node:buffer';

let decoder: TextDecoder | undefined;

export function utf8(text: string): Uint8Array<ArrayBuffer> {
  // Only read by the callers (hashed, encoded), so a view into Buffer's shared pool is fine.
  return Buffer.from(text, 'utf8') as Uint8Array<ArrayBuffer>;
}

/** Decodes UTF-8, rejecting invalid sequences (returns undefined) instead of inventing U+FFFD. */
export function fromUtf8(bytes: Uint8Array): string | undefined {
  try {
    return (decoder ??= new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })).decode(bytes);
  } catch {
    return undefined;
  }
}
