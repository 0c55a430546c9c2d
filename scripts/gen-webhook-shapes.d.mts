/** The text of each generated file, by absolute path, from the installed @livekit/protocol. */
export function generate(): Record<string, string>;
