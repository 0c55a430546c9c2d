/** Where the generated table is written. */
export const OUTPUT: string;
/** The text of the generated file, from the installed @livekit/protocol. */
export function generate(): string;
