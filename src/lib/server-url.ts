/**
 * Whether `url` is a URL a LiveKit client can connect to: one the URL parser accepts, with a
 * `ws:`, `wss:`, `http:` or `https:` scheme (the client SDKs turn http(s) into ws(s)).
 */
export function isServerUrl(url: string): boolean {
  try {
    return SCHEMES.has(new URL(url).protocol);
  } catch {
    return false;
  }
}

const SCHEMES = new Set(['wss:', 'ws:', 'https:', 'http:']);
