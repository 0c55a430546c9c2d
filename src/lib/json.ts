import { fail, type LiveKitTokenErrorCode } from '../errors.js';

// JSON.parse creates an own "__proto__" data property rather than touching the prototype,
// but later code that copies such an object with plain assignment would change the copy's
// prototype. We drop those keys outright. The reviver is slow, so it only runs when the text
// could spell the key (literally or through a \u escape).
const dropProto = (key: string, value: unknown): unknown => (key === '__proto__' ? undefined : value);

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses a JSON object, or returns undefined when the text is not valid JSON or not an object. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = text.includes('__proto__') || text.includes('\\u') ? JSON.parse(text, dropProto) : JSON.parse(text);
  } catch {
    return undefined;
  }
  return isObject(value) ? value : undefined;
}

/**
 * JSON text of `value`, or a `LiveKitTokenError` naming `field` when JSON cannot hold it:
 * circular structures and BigInt (a `TypeError` from `JSON.stringify`), nesting deeper than the
 * engine's stack (a `RangeError`), or values with no JSON form at all (functions, symbols).
 */
export function stringifyJson(value: unknown, field: string, code: LiveKitTokenErrorCode = 'ERR_INVALID_OPTIONS'): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    // Reported below, with the field's name.
  }
  if (typeof text !== 'string') fail(code, `${field} must be a JSON value (no cycles, no BigInt, not nested too deeply)`);
  return text;
}
