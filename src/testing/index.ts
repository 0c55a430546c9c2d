// livekit-token/testing: forge, inspect and time-travel tokens in tests. Web APIs only, built on
// the core's public surface, so it runs in every runtime the core runs in.
export { devKey } from './dev-key.js';
export { forgeToken, type ForgeOptions, type ForgeBase, type ForgedHeader } from './forge.js';
export { expiredToken, notYetValidToken, wrongKeyToken, tamperedToken, algNoneToken } from './shortcuts.js';
export { fixedClock, FixedClock } from './clock.js';
export { inspectToken, type TokenInspection, type InspectOptions } from './inspect.js';
