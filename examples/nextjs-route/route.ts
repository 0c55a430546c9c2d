// A Next.js App Router route handler (app/api/livekit-token/route.ts), edge runtime.
// It is a plain Web-standard module: the same file works in any framework that routes
// `Request` → `Response` (Remix, SvelteKit, Astro, Hono …).
import { createToken } from 'livekit-token';

export const runtime = 'edge';

declare const process: { env: Record<string, string | undefined> };

export async function POST(request: Request): Promise<Response> {
  const apiKey = process.env.LIVEKIT_API_KEY;
  const apiSecret = process.env.LIVEKIT_API_SECRET;
  if (!apiKey || !apiSecret) return Response.json({ error: 'server not configured' }, { status: 500 });

  // Stand-in for your own authentication (next-auth session, Clerk, a cookie …).
  const identity = request.headers.get('x-user-id');
  if (!identity) return Response.json({ error: 'sign in first' }, { status: 401 });

  const body: unknown = await request.json().catch(() => null);
  const room = (body as { room?: unknown } | null)?.room;
  if (typeof room !== 'string' || room === '') {
    return Response.json({ error: 'room is required' }, { status: 400 });
  }

  const token = await createToken(
    { apiKey, apiSecret },
    { identity, ttl: '10m', video: { roomJoin: true, room } },
  );
  return Response.json({ token, room, identity });
}
