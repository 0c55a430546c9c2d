// The synchronous API's HS256 signing and signature check in the Node build (Node and Bun, export
// condition `node`; replaces `jws.ts`): the Node HMAC engine's own, which the async API uses too.
export { signatureMatches, signedToken } from './hmac-node.js';
