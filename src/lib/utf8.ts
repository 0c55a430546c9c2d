// Encoders are created on first use so that importing the library runs nothing.
let encoder: TextEncoder | undefined;
let decoder: TextDecoder | undefined;

export function utf8(text: string): Uint8Array<ArrayBuffer> {
  return (encoder ??= new TextEncoder()).encode(text);
}

/** Decodes UTF-8, rejecting invalid sequences (returns undefined) instead of inventing U+FFFD. */
export function fromUtf8(bytes: Uint8Array): string | undefined {
  try {
    return (decoder ??= new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })).decode(bytes);
  } catch {
    return undefined;
  }
}
