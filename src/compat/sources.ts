import type { TrackSource } from '../index.js';
import { TRACK_SOURCES } from '../schema.js';

// Index i is protobuf `TrackSource` i (0 is UNKNOWN, which no token may carry).
export const SOURCE_NAMES = ['', ...TRACK_SOURCES] as const;

/**
 * Turns `canPublishSources` into the wire spelling: protobuf numbers become their names. Strings
 * and unknown numbers pass through unchanged, so the core rejects them with its own message
 * naming the field. Returns a new array; the caller's array is never touched.
 */
export function sourceNames(sources: ReadonlyArray<TrackSource | number> | undefined): TrackSource[] | undefined {
  if (!Array.isArray(sources)) return sources as undefined;
  return sources.map((source) => (typeof source === 'number' && SOURCE_NAMES[source]) || source) as TrackSource[];
}
