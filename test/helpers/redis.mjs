// Real processes for the shared rate limit tests and bench: a throwaway redis-server on a free
// loopback port (no persistence), and token service instances (./redis-service.mjs) using it.
// Everything is started and stopped by PID, bounded in time, and bound to 127.0.0.1.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

const HOST = '127.0.0.1';
const SERVICE = fileURLToPath(new URL('./redis-service.mjs', import.meta.url));

/** A TCP port nobody listens on right now, on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One PING over a fresh connection: true when the server answers +PONG within a second. */
function ping(port) {
  return new Promise((resolve) => {
    const socket = connect(port, HOST);
    const done = (ok) => (socket.destroy(), resolve(ok));
    socket.setTimeout(1000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => done(data.toString('latin1').startsWith('+PONG')));
  });
}

/**
 * Starts `redis-server` on `port` (a free one by default) with persistence off and waits until
 * it answers PING. `stop()` ends it by PID; `start()` again brings it back on the same port.
 */
export async function startRedis({ port } = {}) {
  const redis = { port: port ?? (await freePort()), child: undefined, get pid() { return this.child?.pid; } };
  redis.start = async () => {
    const child = spawn(
      'redis-server',
      ['--port', String(redis.port), '--bind', HOST, '--save', '', '--appendonly', 'no', '--dir', tmpdir(), '--loglevel', 'warning'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const failed = new Promise((_, reject) => {
      child.once('error', (e) => reject(new Error(`cannot start redis-server (${e.code}); install it: apt-get install -y redis-server`)));
      child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${stderr.slice(0, 300)}`)));
    });
    failed.catch(() => {}); // only awaited while starting
    redis.child = child;
    for (let i = 0; i < 100; i++) {
      if (await Promise.race([ping(redis.port), failed])) return redis;
      await sleep(50);
    }
    await redis.stop();
    throw new Error(`redis-server did not answer on port ${redis.port}`);
  };
  redis.stop = async () => {
    const child = redis.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await stopChild(child);
  };
  return redis.start();
}

/** Ends a child process by its PID: SIGTERM, then SIGKILL after 5 s. */
export async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = once(child, 'exit');
  process.kill(child.pid, 'SIGTERM');
  const timer = setTimeout(() => child.exitCode === null && child.signalCode === null && process.kill(child.pid, 'SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/**
 * Starts one token service process (built package, `serve` on a free port of 127.0.0.1) with the
 * limiter named in `env.LIMITER` (`memory`, `ioredis` or `redis`). Resolves once it listens.
 */
export async function startService(env) {
  const child = spawn(process.execPath, [SERVICE], {
    env: { ...process.env, ...Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)])) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`service did not start: ${stderr.slice(0, 500)}`)), 15_000);
    child.stdout.on('data', (d) => {
      stdout += d;
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (line) clearTimeout(timer), resolve(JSON.parse(line).port);
    });
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`service exited with ${code}: ${stderr.slice(0, 500)}`))));
  });
  return { port, child, url: `http://${HOST}:${port}`, stderr: () => stderr };
}
