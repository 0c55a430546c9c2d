import type { ChildProcess } from 'node:child_process';

export interface RedisProcess {
  port: number;
  readonly pid: number | undefined;
  child: ChildProcess | undefined;
  /** Starts (again) on the same port; resolves once it answers PING. */
  start(): Promise<RedisProcess>;
  /** Stops it by PID; a no-op when it is not running. */
  stop(): Promise<void>;
}

export interface ServiceProcess {
  port: number;
  url: string;
  child: ChildProcess;
  stderr(): string;
}

export function freePort(): Promise<number>;
export function startRedis(options?: { port?: number }): Promise<RedisProcess>;
export function stopChild(child: ChildProcess): Promise<void>;
export function startService(env: Record<string, string | number>): Promise<ServiceProcess>;
