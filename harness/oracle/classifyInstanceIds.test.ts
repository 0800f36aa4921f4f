import { describe, expect, it } from 'vitest';
import { classifyInstanceIds } from './classifyInstanceIds.ts';

// Each case is a value the rules file names, or the nearest value on the other side of a rule's line.
describe('classifyInstanceIds', () => {
  it('an empty or whitespace-only value counts as missing (GEN-1, RQ-4)', () => {
    for (const value of ['', ' ', '\t', '\r\n', ' \t\n\r ']) {
      expect(classifyInstanceIds(value), JSON.stringify(value)).toEqual({ rule: 'GEN-1' });
    }
  });

  it('a JSON array of instance-ID strings is a list, with any JSON whitespace (ID-1)', () => {
    const ids = ['i-bp1d6tsvznfghy7y****', 'i-bp1ippxbaql9zet7****'];
    for (const value of [
      '["i-bp1d6tsvznfghy7y****", "i-bp1ippxbaql9zet7****"]',
      '["i-bp1d6tsvznfghy7y****","i-bp1ippxbaql9zet7****"]',
      '\r\n[\t"i-bp1d6tsvznfghy7y****"\n,\r"i-bp1ippxbaql9zet7****" ] ',
    ]) {
      expect(classifyInstanceIds(value)).toEqual({ rule: 'ID-1', ids });
    }
    // Duplicates are kept (ID-7); escapes are decoded; a string of spaces is not empty.
    expect(classifyInstanceIds('["i-a","\\u0069-a"," "]')).toEqual({
      rule: 'ID-1',
      ids: ['i-a', 'i-a', ' '],
    });
  });

  it('[] is its own case (ID-5)', () => {
    expect(classifyInstanceIds('[]')).toEqual({ rule: 'ID-5', ids: [] });
    expect(classifyInstanceIds(' [ \n ] ')).toEqual({ rule: 'ID-5', ids: [] });
  });

  it('JSON that is not an array of non-empty strings is invalid (ID-4)', () => {
    const cases: Array<[value: string, why: string]> = [
      ['{"InstanceIds":["i-a"]}', 'it is an object, not an array'],
      ['123', 'it is the number 123, not an array'],
      [' -1.5e3 ', 'it is the number -1.5e3, not an array'],
      ['"i-a"', 'it is a string, not an array'],
      ['true', 'it is the literal true, not an array'],
      ['[["i-a"]]', 'entry 0 is a nested array'],
      ['["i-a", 1]', 'entry 1 is the number 1'],
      ['["i-a", null]', 'entry 1 is the literal null'],
      ['[{}]', 'entry 0 is an object'],
      ['["i-a", ""]', 'entry 1 is the empty string'],
    ];
    for (const [value, why] of cases) {
      expect(classifyInstanceIds(value), value).toEqual({ rule: 'ID-4', json: true, isNull: false, why });
    }
  });

  it('the literal null is invalid, with MissingParameter also accepted (ID-4)', () => {
    expect(classifyInstanceIds('null')).toMatchObject({ rule: 'ID-4', json: true, isNull: true });
    expect(classifyInstanceIds('\tnull\n')).toMatchObject({ rule: 'ID-4', isNull: true });
    expect(classifyInstanceIds('[null]')).toMatchObject({ rule: 'ID-4', isNull: false });
  });

  it('text that begins with [, { or " after JSON whitespace and is not JSON is invalid (ID-4)', () => {
    for (const value of ['[', '["i-a",', "['i-a']", '[i-a]', '{x', '"i-a', ' \n[', '[]x', '[,]', '"a","b"']) {
      const read = classifyInstanceIds(value);
      expect(read, value).toMatchObject({ rule: 'ID-4', json: false, isNull: false });
      expect(
        read.rule === 'ID-4' && read.why.startsWith('it begins like JSON but is not JSON: expected'),
      ).toBe(true);
    }
  });

  it('any other value is bare text, split at commas (ID-6)', () => {
    expect(classifyInstanceIds('i-a,i-b')).toEqual({ rule: 'ID-6', ids: ['i-a', 'i-b'] });
    expect(classifyInstanceIds('i-a')).toEqual({ rule: 'ID-6', ids: ['i-a'] });
    expect(classifyInstanceIds('foo')).toEqual({ rule: 'ID-6', ids: ['foo'] });
    // Not JSON, and not beginning like JSON: numbers with commas, near-literals, a stray bracket later on.
    expect(classifyInstanceIds('1,2')).toEqual({ rule: 'ID-6', ids: ['1', '2'] });
    expect(classifyInstanceIds('nul')).toEqual({ rule: 'ID-6', ids: ['nul'] });
    expect(classifyInstanceIds('01')).toEqual({ rule: 'ID-6', ids: ['01'] });
    expect(classifyInstanceIds('i-a]')).toEqual({ rule: 'ID-6', ids: ['i-a]'] });
  });

  it('bare segments lose only the JSON whitespace around them, and empty ones stay (ID-6)', () => {
    expect(classifyInstanceIds(' i-a , \ti-b\n')).toEqual({ rule: 'ID-6', ids: ['i-a', 'i-b'] });
    expect(classifyInstanceIds('i-a,,i-b,')).toEqual({ rule: 'ID-6', ids: ['i-a', '', 'i-b', ''] });
    expect(classifyInstanceIds(' , ')).toEqual({ rule: 'ID-6', ids: ['', ''] });
    expect(classifyInstanceIds('i- a')).toEqual({ rule: 'ID-6', ids: ['i- a'] });
  });

  // ID-4 says "after leading whitespace"; ID-1 and MR-4 speak of JSON whitespace, and JSON.parse skips
  // nothing else: other Unicode spaces make the value bare text, not malformed JSON.
  it('only JSON whitespace counts as leading whitespace (ID-1, ID-4, ID-6)', () => {
    for (const space of ['\u00a0', '\u000b', '\u000c', '\u2028', '\ufeff']) {
      expect(classifyInstanceIds(`${space}["i-a"]`)).toEqual({ rule: 'ID-6', ids: [`${space}["i-a"]`] });
      expect(classifyInstanceIds(space)).toEqual({ rule: 'ID-6', ids: [space] });
    }
  });
});
