import { LiveKitTokenError, type TrackSource } from '../index.js';

// Index + 1 is the protobuf `TrackSource` number (0 is UNKNOWN, which no token may carry).
const NAMES: readonly TrackSource[] = ['camera', 'microphone', 'screen_share', 'screen_share_audio'];

/**
 * Turns `canPublishSources` into the wire spelling: protobuf numbers become their names, strings
 * pass through (the core rejects unknown ones). Returns a new array; the input is untouched.
 */
export function sourceNames(sources: ReadonlyArray<TrackSource | number> | undefined): TrackSource[] | undefined {
  if (!Array.isArray(sources)) return sources as undefined;
  return sources.map((source, i) => {
    if (typeof source !== 'number') return source;
    const name = NAMES[source - 1];
    if (name === undefined) {
      throw new LiveKitTokenError('ERR_INVALID_OPTIONS', `video.canPublishSources[${i}] must be a TrackSource 1–4 or ${NAMES.join(' | ')}`);
    }
    return name;
  });
}
