// `npm run example`: mints a token for alice in room "demo"
// with LiveKit's dev-mode key pair (devkey / secret) and prints it.
import { createToken, decodeToken } from '../dist/index.js';

const token = await createToken(
  { apiKey: 'devkey', apiSecret: 'secret' },
  { identity: 'alice', name: 'Alice', ttl: '1h', video: { roomJoin: true, room: 'demo' } },
);
console.log(token);
const { claims } = decodeToken(token);
console.error(`alice may join room "demo" until ${new Date(claims.exp * 1000).toISOString()}`);
