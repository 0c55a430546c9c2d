// A token endpoint on `Bun.serve`. From the package root, after `npm run build`:
//   LIVEKIT_API_KEY=devkey LIVEKIT_API_SECRET=secret bun examples/bun/server.ts
import { createToken } from 'livekit-token';

const apiKey = Bun.env.LIVEKIT_API_KEY;
const apiSecret = Bun.env.LIVEKIT_API_SECRET;
if (!apiKey || !apiSecret) throw new Error('set LIVEKIT_API_KEY and LIVEKIT_API_SECRET');

const server = Bun.serve({
  hostname: '127.0.0.1',
  port: Number(Bun.env.PORT ?? 3000),
  async fetch(request) {
    const url = new URL(request.url);
    // Stand-in for your own authentication.
    const identity = request.headers.get('x-user-id');
    const room = url.searchParams.get('room');
    if (url.pathname !== '/token') return Response.json({ error: 'not found' }, { status: 404 });
    if (!identity) return Response.json({ error: 'sign in first' }, { status: 401 });
    if (!room) return Response.json({ error: 'room is required' }, { status: 400 });
    const token = await createToken(
      { apiKey, apiSecret },
      { identity, ttl: '10m', video: { roomJoin: true, room } },
    );
    return Response.json({ token });
  },
});
console.log(`listening on http://${server.hostname}:${server.port}`);
