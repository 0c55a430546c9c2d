/**
 * @internal The default bound on a token's size, in bytes, for both minting and verifying.
 * Tokens travel in the connection URL, and common proxies cap a request line near 8 KiB.
 */
export const DEFAULT_MAX_TOKEN_BYTES = 8 * 1024;

/** @internal Identity and room are at most this many UTF-8 bytes (the LiveKit server's default). */
export const MAX_NAME_BYTES = 256;
