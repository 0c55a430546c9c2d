// Explaining a token is the core's job (the command line's `decode` uses it too); the testing
// kit offers the same function so that tests find it next to the forging helpers.
export { inspectToken, type TokenInspection, type InspectOptions } from '../index.js';
