import { type JsonNode, readJson } from './readJson.ts';

/**
 * The rule that governs a present `InstanceIds` value, as the oracle reads the rules file. Every value
 * has exactly one.
 */
export type InstanceIdsClass =
  /** `''` or JSON whitespace only: counts as missing (GEN-1, RQ-4). */
  | { rule: 'GEN-1' }
  /**
   * A JSON array of non-empty strings, with any JSON whitespace (ID-1): `ids` in order, duplicates kept
   * (ID-7). Its length decides ID-2 and ID-3.
   */
  | { rule: 'ID-1'; ids: readonly string[] }
  /** The empty JSON array `[]`, with any JSON whitespace (ID-5). */
  | { rule: 'ID-5'; ids: readonly [] }
  /**
   * Not a list of IDs (ID-4): JSON that is not an array of non-empty strings (`json` true; `isNull` for
   * the literal `null`, for which `MissingParameter*` is also accepted), or text that begins, after JSON
   * whitespace, with `[`, `{` or `"` and is not JSON (`json` false). `why` says what is wrong.
   */
  | { rule: 'ID-4'; json: boolean; isNull: boolean; why: string }
  /**
   * Any other value (ID-6): the bare comma-separated list it would be, split at every `,`, each segment
   * without the JSON whitespace around it and empty segments kept as `''`.
   */
  | { rule: 'ID-6'; ids: readonly string[] };

/**
 * Classifies an `InstanceIds` value by the rules that decide it, in their order: an empty value is
 * missing (GEN-1); a value that begins like JSON (`[`, `{`, `"` after JSON whitespace) must be JSON and
 * is accepted only as an array of non-empty strings (ID-1, ID-5), else it is invalid (ID-4); any other
 * value is invalid if it is JSON all the same (a number, `true`, `false`, `null`: ID-4) and otherwise bare
 * text (ID-6). The JSON is read by the oracle's own {@link readJson}: this judgement shares no code with
 * the emulator's parser. Never throws.
 */
export function classifyInstanceIds(value: string): InstanceIdsClass {
  const start = firstSignificant(value);
  if (start === value.length) return { rule: 'GEN-1' };
  const reading = readJson(value);
  switch (value[start]) {
    case '[':
    case '{':
    case '"':
      if (!reading.ok) return notAList(false, `it begins like JSON but is not JSON: ${reading.problem}`);
      return listOrInvalid(reading.node);
    default:
      // ID-4's first clause covers every JSON value; only a number or a literal can begin this way.
      if (reading.ok) return notAList(true, `it is ${describe(reading.node)}, not an array`, reading.node);
      return { rule: 'ID-6', ids: commaSegments(value) };
  }
}

/** ID-1 for an array of non-empty strings, ID-5 for `[]`, ID-4 for every other JSON value. */
function listOrInvalid(node: JsonNode): InstanceIdsClass {
  if (node.type !== 'array') return notAList(true, `it is ${describe(node)}, not an array`, node);
  if (node.items.length === 0) return { rule: 'ID-5', ids: [] };
  const ids: string[] = [];
  for (const [position, item] of node.items.entries()) {
    if (item.type !== 'string') return notAList(true, `entry ${position} is ${describe(item)}`);
    if (item.value === '') return notAList(true, `entry ${position} is the empty string`);
    ids.push(item.value);
  }
  return { rule: 'ID-1', ids };
}

function notAList(json: boolean, why: string, node?: JsonNode): InstanceIdsClass {
  return { rule: 'ID-4', json, isNull: node?.type === 'null', why };
}

function describe(node: JsonNode): string {
  switch (node.type) {
    case 'array':
      return 'a nested array';
    case 'object':
      return 'an object';
    case 'string':
      return 'a string';
    case 'number':
      return `the number ${node.text}`;
    default:
      return `the literal ${node.type}`;
  }
}

function isJsonWhitespace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

/** The index of the first character that is not JSON whitespace (`value.length` when there is none). */
function firstSignificant(value: string): number {
  let at = 0;
  while (at < value.length && isJsonWhitespace(value[at])) at++;
  return at;
}

/** ID-6: the segments between commas, each without surrounding JSON whitespace. */
function commaSegments(value: string): string[] {
  const segments: string[] = [];
  let from = 0;
  for (;;) {
    const comma = value.indexOf(',', from);
    const end = comma === -1 ? value.length : comma;
    let first = from;
    let last = end;
    while (first < last && isJsonWhitespace(value[first])) first++;
    while (last > first && isJsonWhitespace(value[last - 1])) last--;
    segments.push(value.slice(first, last));
    if (comma === -1) return segments;
    from = comma + 1;
  }
}
