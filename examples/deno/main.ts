// A token endpoint on `Deno.serve`. From the package root, after `npm run build`:
//   LIVEKIT_API_KEY=devkey LIVEKIT_API_SECRET=secret deno run --allow-net --allow-env examples/deno/main.ts
// In your own project, import from 'npm:livekit-token' (or add it to deno.json "imports").
import { createToken } from 'livekit-token';

const apiKey = Deno.env.get('LIVEKIT_API_KEY');
const apiSecret = Deno.env.get('LIVEKIT_API_SECRET');
if (!apiKey || !apiSecret) throw new Error('set LIVEKIT_API_KEY and LIVEKIT_API_SECRET');

Deno.serve(
  {
    hostname: '127.0.0.1',
    port: Number(Deno.env.get('PORT') ?? 8000),
    onListen: ({ hostname, port }) => console.log(`listening on http://${hostname}:${port}`),
  },
  async (request) => {
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
);
