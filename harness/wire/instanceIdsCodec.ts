/**
 * How an `InstanceIds` value reads under rules ID-1..ID-7 and GEN-1. Every value falls in exactly one
 * kind; the reference emulator picks a behaviour per kind. The oracle and the checks never use this
 * parser: they classify with their own (`harness/oracle/classifyInstanceIds.ts`, kept apart by
 * `harness/architecture.test.ts`), and `harness/instanceIdsDifferential.test.ts` holds the two readings to
 * the same verdicts.
 */
export type InstanceIdsParse =
  /** `''` or JSON whitespace only: counts as missing (GEN-1, RQ-4). */
  | { kind: 'empty' }
  /** A JSON array of non-empty strings, with any JSON whitespace (ID-1); `[]` gives `ids: []` (ID-5). */
  | { kind: 'json-array'; ids: string[] }
  /**
   * Valid JSON that is not an array of non-empty strings: an object, number, string, boolean, `null`,
   * nested arrays, non-string or empty-string elements (ID-4). `isNull` for the literal `null`, for which
   * `MissingParameter*` is also accepted.
   */
  | { kind: 'json-invalid'; reason: string; isNull: boolean }
  /** After leading JSON whitespace it begins with `[`, `{` or `"` and does not parse (ID-4). */
  | { kind: 'malformed-json'; reason: string }
  /**
   * Anything else (ID-6): split on `,`, each segment trimmed of JSON whitespace; empty segments are kept
   * as `''` so that callers can reject them.
   */
  | { kind: 'bare-text'; ids: string[] };

/** The ways the suite writes an `InstanceIds` value; every JSON style parses back to the same list (MR-4). */
export type InstanceIdsStyle = 'spaced' | 'compact' | 'pretty' | 'padded' | 'comma';

/** Every {@link InstanceIdsStyle}, JSON ones first, `comma` (the ID-6 bare list) last. */
export const instanceIdsStyles: readonly InstanceIdsStyle[] = Object.freeze([
  'spaced',
  'compact',
  'pretty',
  'padded',
  'comma',
]);

// JSON whitespace is exactly what JSON.parse skips: space, tab, LF, CR (RFC 8259 §2).
const LEADING_JSON_WHITESPACE = /^[ \t\n\r]+/;
const TRAILING_JSON_WHITESPACE = /[ \t\n\r]+$/;
const ONLY_JSON_WHITESPACE = /^[ \t\n\r]*$/;

function trimJsonWhitespace(text: string): string {
  return text.replace(LEADING_JSON_WHITESPACE, '').replace(TRAILING_JSON_WHITESPACE, '');
}

/**
 * Classifies an `InstanceIds` value into exactly one {@link InstanceIdsParse} kind (ID-1, ID-4..ID-6,
 * GEN-1). Only text that starts (after JSON whitespace) with `[`, `{` or `"` can be `malformed-json`;
 * other valid JSON (`123`, `true`, `null`) is `json-invalid`; everything else (`i-a`, `i-a,i-b`, `1,2`)
 * is `bare-text`. Never throws.
 */
export function parseInstanceIds(value: string): InstanceIdsParse {
  if (ONLY_JSON_WHITESPACE.test(value)) {
    return { kind: 'empty' };
  }
  const first = value.replace(LEADING_JSON_WHITESPACE, '')[0];
  const looksLikeJson = first === '[' || first === '{' || first === '"';
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    if (looksLikeJson) {
      return { kind: 'malformed-json', reason: error instanceof Error ? error.message : String(error) };
    }
    // ID-6: "Separate multiple instance IDs with commas (,)".
    return { kind: 'bare-text', ids: value.split(',').map(trimJsonWhitespace) };
  }
  if (!Array.isArray(parsed)) {
    return {
      kind: 'json-invalid',
      reason: `a JSON ${jsonType(parsed)}, not an array`,
      isNull: parsed === null,
    };
  }
  for (const [index, element] of parsed.entries()) {
    if (typeof element !== 'string') {
      return { kind: 'json-invalid', reason: `element ${index} is a ${jsonType(element)}`, isNull: false };
    }
    if (element === '') {
      return { kind: 'json-invalid', reason: `element ${index} is an empty string`, isNull: false };
    }
  }
  return { kind: 'json-array', ids: parsed as string[] };
}

function jsonType(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'array';
  }
  return typeof value === 'object' ? 'object' : typeof value;
}

/**
 * Writes `ids` in the given style; every JSON style (`spaced`, `compact`, `pretty`, `padded`) parses back
 * with {@link parseInstanceIds} to a `json-array` of exactly `ids`, whatever characters they hold (ID-1,
 * MR-4). `comma` joins with `,` and round-trips only IDs without `,` or surrounding JSON whitespace whose
 * joined text is not itself JSON (ID-6); it is written as given, so probes can send such values on purpose.
 *
 * - `spaced`: `["a", "b"]`, the reference's own example.
 * - `compact`: `["a","b"]`, what Terraform and `JSON.stringify` send.
 * - `pretty`: `[\r\n\t "a",\r\n\t "b"\n]`, every kind of JSON whitespace (space, tab, LF, CR) once the
 *   list is non-empty.
 * - `padded`: ` \n[ "a" , "b" ]\t `, whitespace before and after the array and around every token.
 * - `comma`: `a,b`, the bare comma-separated list.
 */
export function encodeInstanceIds(ids: readonly string[], style: InstanceIdsStyle): string {
  const quoted = ids.map((id) => JSON.stringify(id));
  switch (style) {
    case 'spaced':
      return `[${quoted.join(', ')}]`;
    case 'compact':
      return `[${quoted.join(',')}]`;
    case 'pretty':
      return `[\r\n${quoted.map((id) => `\t ${id}`).join(',\r\n')}\n]`;
    case 'padded':
      return ` \n[ ${quoted.join(' , ')} ]\t `;
    case 'comma':
      return ids.join(',');
  }
}
