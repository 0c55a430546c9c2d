// The absolute URL of a Node request, exactly as a fetch `Request` for the same HTTP request
// holds it. The handler routes on this URL and hooks read it, so it must follow the WHATWG URL
// rules that every fetch runtime applies (lower-case host, default port dropped, dot segments
// resolved, some characters escaped): the same HTTP request then reaches the same route, and
// shows hooks the same `url`, whichever transport carries it.

/**
 * A request target (path and query) that the URL parser would leave exactly as it is: only
 * characters it never escapes, no backslash (read as `/`), no fragment, and no segment that
 * starts with `.` or `%2e` (so no dot segment). Each segment starts with `/`, which no segment
 * character matches: the repetition cannot backtrack, and the test is linear in the length.
 */
const PLAIN_TARGET = /^(?:\/(?!\.|%2e)[A-Za-z0-9\-._~!$&'()*+,;=:@%]*)+(?:\?[A-Za-z0-9\-._~!$&()*+,;=:@/?%]*)?$/i;

/**
 * Characters that would make a `Host` value more than a host and a port: the URL parser would
 * read a path, a query, a fragment or credentials from them instead of refusing them.
 */
const NOT_A_HOST = /[/\\?#@\s]/;

// Host values repeat on nearly every request to one server: the parser's answer is kept for a
// few of them. A client sending many different values only finds the cache cleared, and one
// longer than any host name is parsed every time, so the cache stays small.
const HOST_CACHE_SIZE = 64;
const HOST_CACHE_KEY_LENGTH = 270;
const hosts = { http: new Map<string, string | null>(), https: new Map<string, string | null>() };

/**
 * @internal The URL a fetch `Request` would hold for a Node request: `target` is the request
 * target as received (`req.url`), `host` the `Host` header (undefined when there is none, as in
 * HTTP/1.0), `secure` whether the connection is TLS. Undefined when no URL can be made: a `Host`
 * that is not a host and an optional port the URL parser accepts, an absolute-form target that
 * is not an `http`/`https` URL (or carries credentials, which a `Request` refuses), or a target
 * of another form.
 *
 * An absolute-form target (`GET http://host/path`) is the URL itself and its host wins over
 * `Host` (RFC 9112 §3.2.2); an asterisk-form one (`OPTIONS *`) has an empty path, `/`.
 *
 * @example
 * ```text
 * requestUrl('/a/../token?x="', 'API.Example.com:80', false) → 'http://api.example.com/token?x=%22'
 * requestUrl('/token', '127.0.0.1:99999', false)            → undefined: the port is out of range
 * ```
 */
export function requestUrl(target: string, host: string | undefined, secure: boolean): string | undefined {
  const scheme = secure ? 'https' : 'http';
  if (target.startsWith('/')) {
    const authority = host === undefined ? 'localhost' : hostOf(scheme, host);
    if (authority === undefined) return undefined;
    const url = `${scheme}://${authority}${target}`;
    return PLAIN_TARGET.test(target) ? url : parse(url);
  }
  if (target === '*') {
    const authority = host === undefined ? 'localhost' : hostOf(scheme, host);
    return authority === undefined ? undefined : `${scheme}://${authority}/`;
  }
  if (!/^https?:\/\//i.test(target)) return undefined;
  const url = parseUrl(target);
  return url === undefined || url.username !== '' || url.password !== '' ? undefined : url.href;
}

/** The host and port of a `Host` value as the URL parser writes them, or undefined. */
function hostOf(scheme: 'http' | 'https', host: string): string | undefined {
  const cache = hosts[scheme];
  let known = cache.get(host);
  if (known === undefined) {
    known = null;
    if (host !== '' && !NOT_A_HOST.test(host)) {
      const url = parseUrl(`${scheme}://${host}/`);
      if (url !== undefined && url.pathname === '/' && url.search === '' && url.hash === '') known = url.host;
    }
    if (host.length <= HOST_CACHE_KEY_LENGTH) {
      if (cache.size >= HOST_CACHE_SIZE) cache.clear();
      cache.set(host, known);
    }
  }
  return known ?? undefined;
}

function parse(url: string): string | undefined {
  return parseUrl(url)?.href;
}

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
