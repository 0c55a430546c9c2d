// A token endpoint on plain `node:http`. Run it from the package root after `npm run build`:
//   LIVEKIT_API_KEY=devkey LIVEKIT_API_SECRET=secret node examples/node-http/server.mjs
//   curl 'http://127.0.0.1:3000/token?room=demo' -H 'x-user-id: alice'
import { createServer } from 'node:http';
import { createToken } from 'livekit-token';

const apiKey = process.env.LIVEKIT_API_KEY;
const apiSecret = process.env.LIVEKIT_API_SECRET;
if (!apiKey || !apiSecret) throw new Error('set LIVEKIT_API_KEY and LIVEKIT_API_SECRET');

// Stand-in for your own authentication (session cookie, bearer token …). Never let the
// client pick an arbitrary identity in production.
const currentUser = (req) => req.headers['x-user-id'] || undefined;

const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const identity = currentUser(req);
  const room = url.searchParams.get('room');
  if (req.method !== 'GET' || url.pathname !== '/token') return send(res, 404, { error: 'not found' });
  if (!identity) return send(res, 401, { error: 'sign in first' });
  if (!room) return send(res, 400, { error: 'room is required' });
  const token = await createToken(
    { apiKey, apiSecret },
    { identity, ttl: '10m', video: { roomJoin: true, room, canPublishData: true } },
  );
  send(res, 200, { token });
});

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
