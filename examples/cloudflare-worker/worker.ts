// A token endpoint as a Cloudflare Worker. Secrets come from `wrangler secret put`:
//   npx wrangler secret put LIVEKIT_API_KEY && npx wrangler secret put LIVEKIT_API_SECRET
//   npx wrangler dev
import { createToken, verifyToken, isLiveKitTokenError } from 'livekit-token';

export interface Env {
  LIVEKIT_API_KEY: string;
  LIVEKIT_API_SECRET: string;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const key = { apiKey: env.LIVEKIT_API_KEY, apiSecret: env.LIVEKIT_API_SECRET };
    const url = new URL(request.url);

    if (url.pathname === '/token') {
      // Stand-in for your own authentication (Cloudflare Access, a session cookie …).
      const identity = request.headers.get('x-user-id');
      const room = url.searchParams.get('room');
      if (!identity) return Response.json({ error: 'sign in first' }, { status: 401 });
      if (!room) return Response.json({ error: 'room is required' }, { status: 400 });
      const token = await createToken(key, { identity, ttl: '10m', video: { roomJoin: true, room } });
      return Response.json({ token });
    }

    if (url.pathname === '/whoami') {
      // Check a LiveKit token presented as a bearer token.
      const token = request.headers.get('authorization')?.replace(/^Bearer /, '') ?? '';
      try {
        const claims = await verifyToken(token, key);
        return Response.json({ identity: claims.sub, room: claims.video?.room });
      } catch (e) {
        if (isLiveKitTokenError(e)) return Response.json({ code: e.code }, { status: 401 });
        throw e;
      }
    }

    return Response.json({ error: 'not found' }, { status: 404 });
  },
};
