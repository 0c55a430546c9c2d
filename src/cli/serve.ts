import { EXIT } from './errors.js';
import type { Io } from './io.js';

export async function serve(_argv: string[], _io: Io): Promise<number> {
  return EXIT.failed;
}
