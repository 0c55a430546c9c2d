// Runs the BUILT bin (dist/cli/index.js, built by `npm test` before vitest) as a subprocess.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..', '..');
export const bin = join(root, 'dist', 'cli', 'index.js');

export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A clean environment: no keys, no colour settings inherited from whoever runs the tests. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !/^(LIVEKIT_|NO_COLOR$|FORCE_COLOR$|ALLOW_ANONYMOUS$|PORT$|HOST$)/.test(k)) env[k] = v;
  }
  return { ...env, ...extra };
}

export function assertBuilt(): void {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run npm run build first (npm test does)`);
}

/** Runs `livekit-token …args` and waits for it; `input` is piped to stdin (default: empty). */
export function cli(args: string[], options: { env?: Record<string, string>; input?: string } = {}): Result {
  const r = spawnSync(process.execPath, [bin, ...args], { env: cleanEnv(options.env), input: options.input ?? '', encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts `livekit-token …args` in the background (for `serve`). */
export function start(args: string[], env: Record<string, string> = {}) {
  return spawn(process.execPath, [bin, ...args], { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The URL a started `serve` prints once it listens; rejects with its stderr if it exits first. */
export function listeningUrl(child: ReturnType<typeof start>): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(stdout);
      if (m) resolve(m[1]!);
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', () => reject(new Error(`serve exited: ${stderr}`)));
  });
}

/** A temporary folder for files the CLI reads: `file(name, text)` writes one and returns its path. */
export function scratchFolder(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    file(name: string, text: string): string {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
