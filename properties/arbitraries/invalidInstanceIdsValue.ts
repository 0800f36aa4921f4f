/**
 * The kinds of `InstanceIds` value that are not a list encoding: each is missing or empty (RQ-4, GEN-1),
 * invalid JSON input (ID-4), `[]` (ID-5) or bare text with empty segments (ID-6). Each `*-element` kind
 * but `non-string-element` puts one defect alone among valid IDs (a number, `null`, a boolean, an
 * object, an array, `""`), so that a target refusing one defect cannot mask accepting another.
 */
export type InvalidInstanceIdsKind =
  | 'missing'
  | 'empty'
  | 'whitespace'
  | 'malformed-json'
  | 'malformed-object'
  | 'malformed-string'
  | 'json-string'
  | 'object'
  | 'number'
  | 'nested'
  | 'number-element'
  | 'null-element'
  | 'boolean-element'
  | 'object-element'
  | 'array-element'
  | 'empty-element'
  | 'non-string-element'
  | 'null'
  | 'empty-array'
  | 'bare-commas';

/**
 * An `InstanceIds` value of the given kind, built as a near miss around the requested `ids` where the kind
 * allows (`["i-a","i-b"` unterminated, `[["i-a"]]`, `["i-a",7]`, `{"InstanceIds":["i-a"]}`, `"i-a,i-b"`,
 * `i-a,,i-b,`); `null` for `missing` (the parameter is not sent). No value of these kinds parses as a
 * usable list.
 */
export function invalidInstanceIdsValue(kind: InvalidInstanceIdsKind, ids: readonly string[]): string | null {
  const compact = JSON.stringify(ids);
  switch (kind) {
    case 'missing':
      return null;
    case 'empty':
      return '';
    case 'whitespace':
      return ' \t';
    case 'malformed-json':
      // An array that never closes: parseInstanceIds reads it as malformed JSON (ID-4).
      return compact.slice(0, -1);
    case 'malformed-object':
      // ID-4's other openings, alone: an object that never closes, a string that never closes.
      return JSON.stringify({ InstanceIds: ids }).slice(0, -1);
    case 'malformed-string':
      return JSON.stringify(ids.join(',')).slice(0, -1);
    case 'json-string':
      return JSON.stringify(ids.join(','));
    case 'object':
      return JSON.stringify({ InstanceIds: ids });
    case 'number':
      return String(ids.length * 1000 + 7);
    case 'nested':
      return JSON.stringify([ids]);
    case 'number-element':
      // One number among the IDs and no other non-string: a server that reads numbers as IDs accepts it.
      return `[${[...ids.map((id) => JSON.stringify(id)), '7'].join(',')}]`;
    case 'null-element':
      return `[${[...ids.map((id) => JSON.stringify(id)), 'null'].join(',')}]`;
    case 'boolean-element':
      return `[${[...ids.map((id) => JSON.stringify(id)), 'true'].join(',')}]`;
    case 'object-element':
      return `[${[...ids.map((id) => JSON.stringify(id)), JSON.stringify({ InstanceId: ids[0] ?? 'i-a' })].join(',')}]`;
    case 'array-element':
      // One nested array beside plain IDs (`nested` is the whole list wrapped).
      return `[${[...ids.map((id) => JSON.stringify(id)), JSON.stringify([ids[0] ?? 'i-a'])].join(',')}]`;
    case 'empty-element':
      return JSON.stringify([...ids, '']);
    case 'non-string-element':
      return `[${[...ids.map((id) => JSON.stringify(id)), '1', 'null'].join(',')}]`;
    case 'null':
      return 'null';
    case 'empty-array':
      return '[]';
    case 'bare-commas':
      return ids.length === 0 || ids.some((id) => /^[ \t\n\r]*[[{"]/.test(id)) ? ',' : `${ids.join(',,')},`;
  }
}
