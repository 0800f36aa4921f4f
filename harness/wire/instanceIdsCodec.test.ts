import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  encodeInstanceIds,
  type InstanceIdsStyle,
  instanceIdsStyles,
  parseInstanceIds,
} from './instanceIdsCodec.ts';

const JSON_STYLES = instanceIdsStyles.filter((style) => style !== 'comma');

describe('parseInstanceIds', () => {
  it('reads empty and whitespace-only values as empty (GEN-1)', () => {
    for (const value of ['', ' ', '\t', '\r\n', ' \t\n\r ']) {
      expect(parseInstanceIds(value)).toEqual({ kind: 'empty' });
    }
  });

  it('reads JSON arrays of non-empty strings with any JSON whitespace (ID-1)', () => {
    const ids = ['i-bp1d6tsvznfghy7y****', 'i-bp1ippxbaql9zet7****'];
    for (const value of [
      '["i-bp1d6tsvznfghy7y****", "i-bp1ippxbaql9zet7****"]',
      '["i-bp1d6tsvznfghy7y****","i-bp1ippxbaql9zet7****"]',
      '[\n\t"i-bp1d6tsvznfghy7y****",\r\n\t"i-bp1ippxbaql9zet7****"\n]',
      ' \t[ "i-bp1d6tsvznfghy7y****" , "i-bp1ippxbaql9zet7****" ] \n',
    ]) {
      expect(parseInstanceIds(value)).toEqual({ kind: 'json-array', ids });
    }
    expect(parseInstanceIds('["i-a"]')).toEqual({ kind: 'json-array', ids: ['i-a'] });
    expect(parseInstanceIds('["i-a","i-a"]')).toEqual({ kind: 'json-array', ids: ['i-a', 'i-a'] });
    expect(parseInstanceIds('["\\u0069-a", " "]')).toEqual({ kind: 'json-array', ids: ['i-a', ' '] });
  });

  it('reads [] as an empty JSON array, left to the caller (ID-5)', () => {
    expect(parseInstanceIds('[]')).toEqual({ kind: 'json-array', ids: [] });
    expect(parseInstanceIds(' [ \n ] ')).toEqual({ kind: 'json-array', ids: [] });
  });

  it('reads valid JSON that is not an array of non-empty strings as json-invalid (ID-4)', () => {
    const invalid = [
      '{}',
      '{"a":"i-a"}',
      '123',
      '-1.5e3',
      ' 7 ',
      'true',
      'false',
      '"i-a"',
      '""',
      '[["i-a"]]',
      '["i-a", ["i-b"]]',
      '[1]',
      '["i-a", 2]',
      '[null]',
      '[true]',
      '[{}]',
      '[""]',
      '["i-a", ""]',
    ];
    for (const value of invalid) {
      const parsed = parseInstanceIds(value);
      expect(parsed, value).toMatchObject({ kind: 'json-invalid', isNull: false });
      expect(parsed.kind === 'json-invalid' && parsed.reason.length > 0).toBe(true);
    }
  });

  it('flags the literal null, for which MissingParameter is also accepted (ID-4)', () => {
    expect(parseInstanceIds('null')).toMatchObject({ kind: 'json-invalid', isNull: true });
    expect(parseInstanceIds(' null\n')).toMatchObject({ kind: 'json-invalid', isNull: true });
  });

  it('says what is wrong in the reason', () => {
    expect(parseInstanceIds('{}')).toMatchObject({ reason: 'a JSON object, not an array' });
    expect(parseInstanceIds('["i-a", 2]')).toMatchObject({ reason: 'element 1 is a number' });
    expect(parseInstanceIds('[[]]')).toMatchObject({ reason: 'element 0 is a array' });
    expect(parseInstanceIds('["i-a", ""]')).toMatchObject({ reason: 'element 1 is an empty string' });
  });

  it('reads text starting with [, { or " that does not parse as malformed-json (ID-4)', () => {
    for (const value of [
      '[',
      '["a",',
      '["a" "b"]',
      "['i-a']",
      '[i-a]',
      '{x',
      '{"a":1',
      '"i-a',
      ' \n[',
      '[]x',
      '[,]',
    ]) {
      const parsed = parseInstanceIds(value);
      expect(parsed.kind, value).toBe('malformed-json');
      expect(parsed.kind === 'malformed-json' && parsed.reason.length > 0).toBe(true);
    }
  });

  it('reads anything else as a bare comma-separated list (ID-6)', () => {
    expect(parseInstanceIds('foo')).toEqual({ kind: 'bare-text', ids: ['foo'] });
    expect(parseInstanceIds('i-a')).toEqual({ kind: 'bare-text', ids: ['i-a'] });
    expect(parseInstanceIds('i-a,i-b')).toEqual({ kind: 'bare-text', ids: ['i-a', 'i-b'] });
    expect(parseInstanceIds(' i-a , \ti-b\n')).toEqual({ kind: 'bare-text', ids: ['i-a', 'i-b'] });
    expect(parseInstanceIds('1,2')).toEqual({ kind: 'bare-text', ids: ['1', '2'] });
    expect(parseInstanceIds('nul')).toEqual({ kind: 'bare-text', ids: ['nul'] });
    expect(parseInstanceIds('01')).toEqual({ kind: 'bare-text', ids: ['01'] });
    expect(parseInstanceIds('i-a]')).toEqual({ kind: 'bare-text', ids: ['i-a]'] });
  });

  it('keeps empty segments of a bare list as empty strings', () => {
    expect(parseInstanceIds('i-a,,i-b')).toEqual({ kind: 'bare-text', ids: ['i-a', '', 'i-b'] });
    expect(parseInstanceIds('i-a,')).toEqual({ kind: 'bare-text', ids: ['i-a', ''] });
    expect(parseInstanceIds(',')).toEqual({ kind: 'bare-text', ids: ['', ''] });
    expect(parseInstanceIds(' , ')).toEqual({ kind: 'bare-text', ids: ['', ''] });
  });

  it('trims only JSON whitespace from bare segments', () => {
    expect(parseInstanceIds('\u00a0i-a')).toEqual({ kind: 'bare-text', ids: ['\u00a0i-a'] });
    expect(parseInstanceIds('\u00a0')).toEqual({ kind: 'bare-text', ids: ['\u00a0'] });
  });
});

describe('encodeInstanceIds', () => {
  const ids = ['i-a', 'i-b'];
  const expected: Record<InstanceIdsStyle, string> = {
    spaced: '["i-a", "i-b"]',
    compact: '["i-a","i-b"]',
    pretty: '[\r\n\t "i-a",\r\n\t "i-b"\n]',
    padded: ' \n[ "i-a" , "i-b" ]\t ',
    comma: 'i-a,i-b',
  };

  it('writes each style as documented', () => {
    for (const style of instanceIdsStyles) {
      expect(encodeInstanceIds(ids, style), style).toBe(expected[style]);
    }
  });

  it('lists every style once', () => {
    expect([...instanceIdsStyles].sort()).toEqual(['comma', 'compact', 'padded', 'pretty', 'spaced']);
    expect(Object.isFrozen(instanceIdsStyles)).toBe(true);
  });

  it('writes compact exactly as JSON.stringify does (Terraform)', () => {
    const odd = ['i-"q"', 'a\\b', '\u2028', 'ключ', '🔑'];
    expect(encodeInstanceIds(odd, 'compact')).toBe(JSON.stringify(odd));
  });

  it('uses every kind of JSON whitespace in pretty', () => {
    const pretty = encodeInstanceIds(ids, 'pretty');
    for (const ws of [' ', '\t', '\n', '\r']) {
      expect(pretty).toContain(ws);
    }
  });

  it('pads the array and every token in padded', () => {
    const padded = encodeInstanceIds(ids, 'padded');
    expect(padded).toMatch(/^\s+\[\s+"i-a"\s+,\s+"i-b"\s+\]\s+$/);
  });

  it('encodes the empty list so that it parses back to [] or empty', () => {
    for (const style of JSON_STYLES) {
      expect(parseInstanceIds(encodeInstanceIds([], style)), style).toEqual({ kind: 'json-array', ids: [] });
    }
    expect(parseInstanceIds(encodeInstanceIds([], 'comma'))).toEqual({ kind: 'empty' });
  });

  it('round-trips characters that need JSON escaping in every JSON style', () => {
    const odd = [
      'i-"q"',
      'a\\b',
      'tab\there',
      'nl\nx',
      'cr\r',
      '\u0000',
      '\u001f',
      '\u2028\u2029',
      '\ud800',
      '[',
      ',',
    ];
    for (const style of JSON_STYLES) {
      expect(parseInstanceIds(encodeInstanceIds(odd, style)), style).toEqual({
        kind: 'json-array',
        ids: odd,
      });
    }
  });
});

describe('InstanceIds round trip (ID-1, ID-6, MR-4)', () => {
  const realisticId = fc
    .tuple(fc.constantFrom('i-', 'i-bp1', 'i-m5e'), fc.stringMatching(/^[0-9a-z]{8,20}$/), fc.boolean())
    .map(([prefix, body, masked]) => `${prefix}${body}${masked ? '****' : ''}`);
  const anyId = fc.string({ unit: 'grapheme' }).filter((id) => id.length > 0);
  const idList = fc.array(fc.oneof(realisticId, anyId), { maxLength: 60 });

  it('parses every JSON style back to the same list', () => {
    fc.assert(
      fc.property(idList, fc.constantFrom(...JSON_STYLES), (list, style) => {
        expect(parseInstanceIds(encodeInstanceIds(list, style))).toEqual({ kind: 'json-array', ids: list });
      }),
    );
  });

  it('parses the comma style back to the same list for IDs a bare list can carry', () => {
    // A bare list cannot carry ',' or surrounding whitespace, and its text must not read as JSON: a lone
    // `123` or a first ID starting with `[` is ID-4's business, not ID-6's.
    const bareId = fc.oneof(realisticId, anyId).filter((id) => !id.includes(',') && id.trim() === id);
    const bareList = fc
      .array(bareId, { minLength: 1, maxLength: 60 })
      .filter((list) => !/^[[{"]/.test(list[0] ?? '') && !isJson(list.join(',')));
    fc.assert(
      fc.property(bareList, (list) => {
        expect(parseInstanceIds(encodeInstanceIds(list, 'comma'))).toEqual({ kind: 'bare-text', ids: list });
      }),
    );
  });

  it('parses the comma style of realistic IDs back to the same list, unfiltered', () => {
    fc.assert(
      fc.property(fc.array(realisticId, { minLength: 1, maxLength: 50 }), (list) => {
        expect(parseInstanceIds(encodeInstanceIds(list, 'comma'))).toEqual({ kind: 'bare-text', ids: list });
      }),
    );
  });
});

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
