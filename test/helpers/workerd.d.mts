import type { ChildProcess, StdioOptions } from 'node:child_process';

export function freePort(): Promise<number>;
export function startWorkerd(options: {
  dir: string;
  module: string;
  bindings?: Record<string, string>;
  stdio?: StdioOptions;
}): Promise<{ base: string; child: ChildProcess }>;
