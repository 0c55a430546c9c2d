#!/usr/bin/env node
// The `livekit-token` bin: wires the real process to `main`. Everything else lives in
// modules that never touch `process`, so they can be driven from tests.
import { readFileSync } from 'node:fs';
import { colorAllowed, type Io } from './io.js';
import { main } from './main.js';

function version(): string {
  try {
    // dist/cli/index.js → package.json at the package root.
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

async function readStdin(): Promise<string> {
  let text = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) {
    text += chunk as string;
    // A token is under 8 KiB; stop reading a runaway pipe early, the core rejects the size.
    if (text.length > 65536) break;
  }
  return text;
}

// A closed pipe (`livekit-token decode … | head -1`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}

const io: Io = {
  env: process.env,
  stdout: { write: (t) => void process.stdout.write(t), color: colorAllowed(process.stdout.isTTY === true, process.env) },
  stderr: { write: (t) => void process.stderr.write(t), color: colorAllowed(process.stderr.isTTY === true, process.env) },
  stdinIsTTY: process.stdin.isTTY === true,
  readStdin,
  stopSignal: () =>
    new Promise((resolve) => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve(signal));
    }),
};

process.exitCode = await main(process.argv.slice(2), io, version());
