// The core refuses a bare number of seconds below 60 as a likely slip; the CLI has parsed
// `--valid-for` itself, so a lifetime written with its unit keeps working whatever its length.
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeToken } from '../../src/index.js';
import { assertBuilt, cli } from './run.js';

beforeAll(assertBuilt);

describe('create --valid-for', () => {
  it.each([['30s', 30], ['1s', 1], ['59s', 59], ['90', 90], ['10m', 600]])('%s mints a token living %i seconds', (validFor, seconds) => {
    const r = cli(['create', '--dev', '--list', '--token-only', '--valid-for', validFor]);
    expect(r.stderr).toBe('');
    const { nbf, exp } = decodeToken(r.stdout.trim()).claims;
    expect(exp! - nbf!).toBe(seconds);
  });
});
