import { describe, expect, it } from 'vitest';
import { parseInstanceIds } from '../../harness/wire/instanceIdsCodec.ts';
import { type InvalidInstanceIdsKind, invalidInstanceIdsValue } from './invalidInstanceIdsValue.ts';

const kinds: Record<InvalidInstanceIdsKind, string | null> = {
  missing: null,
  empty: 'empty',
  whitespace: 'empty',
  'malformed-json': 'malformed-json',
  'malformed-object': 'malformed-json',
  'malformed-string': 'malformed-json',
  'json-string': 'json-invalid',
  object: 'json-invalid',
  number: 'json-invalid',
  nested: 'json-invalid',
  'number-element': 'json-invalid',
  'null-element': 'json-invalid',
  'boolean-element': 'json-invalid',
  'object-element': 'json-invalid',
  'array-element': 'json-invalid',
  'empty-element': 'json-invalid',
  'non-string-element': 'json-invalid',
  null: 'json-invalid',
  'empty-array': 'json-array',
  'bare-commas': 'bare-text',
};

describe('invalidInstanceIdsValue', () => {
  const lists = [
    [],
    ['i-bp1aaaaaaaaaaaaaaaaa'],
    ['i-bp1aaaaaaaaaaaaaaaaa', 'i-bp1bbbbbbbbbbbbbbbbb'],
    ['[x', '"y'],
  ];
  for (const [kind, parsed] of Object.entries(kinds) as Array<[InvalidInstanceIdsKind, string | null]>) {
    it(`${kind} reads as ${parsed ?? 'an absent parameter'} and never as a usable list`, () => {
      for (const ids of lists) {
        const value = invalidInstanceIdsValue(kind, ids);
        if (parsed === null) {
          expect(value).toBeNull();
          continue;
        }
        expect(value).not.toBeNull();
        const out = parseInstanceIds(value ?? '');
        expect(out.kind).toBe(parsed);
        if (out.kind === 'json-array') expect(out.ids).toEqual([]);
        if (out.kind === 'bare-text') expect(out.ids).toContain('');
      }
    });
  }

  it('number-element holds one number and otherwise the IDs, so only a reader of numbers as IDs accepts it', () => {
    const value = invalidInstanceIdsValue('number-element', ['i-a', 'i-b']) ?? '';
    expect(JSON.parse(value)).toEqual(['i-a', 'i-b', 7]);
  });

  it('each lone-element kind holds its one defect beside the IDs and no other', () => {
    const lone = (kind: InvalidInstanceIdsKind) =>
      JSON.parse(invalidInstanceIdsValue(kind, ['i-a', 'i-b']) ?? '');
    expect(lone('null-element')).toEqual(['i-a', 'i-b', null]);
    expect(lone('boolean-element')).toEqual(['i-a', 'i-b', true]);
    expect(lone('object-element')).toEqual(['i-a', 'i-b', { InstanceId: 'i-a' }]);
    expect(lone('array-element')).toEqual(['i-a', 'i-b', ['i-a']]);
    expect(lone('empty-element')).toEqual(['i-a', 'i-b', '']);
  });

  it('marks the literal null as such (ID-4: MissingParameter also accepted)', () => {
    expect(parseInstanceIds(invalidInstanceIdsValue('null', []) ?? '')).toMatchObject({ isNull: true });
  });
});
