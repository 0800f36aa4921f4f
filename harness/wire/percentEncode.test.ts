import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalQuery, encodeParams, parseParams, percentDecode, percentEncode } from './percentEncode.ts';

describe('percentEncode (AU-1, AU-2)', () => {
  it('keeps the RFC 3986 unreserved set literal', () => {
    const unreserved = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~';
    expect(percentEncode(unreserved)).toBe(unreserved);
  });

  it('encodes space as %20, * as %2A, and leaves ~ literal', () => {
    expect(percentEncode(' ')).toBe('%20');
    expect(percentEncode('*')).toBe('%2A');
    expect(percentEncode('~')).toBe('~');
    expect(percentEncode('a+b/c=d&e')).toBe('a%2Bb%2Fc%3Dd%26e');
  });

  it('encodes UTF-8 bytes with upper-case hex', () => {
    expect(percentEncode('é')).toBe('%C3%A9');
    expect(percentEncode('密钥')).toBe('%E5%AF%86%E9%92%A5');
    expect(percentEncode('🔑')).toBe('%F0%9F%94%91');
    expect(percentEncode('\n')).toBe('%0A');
  });

  it('encodes the documented InstanceIds sample', () => {
    expect(percentEncode('["i-a", "i-b"]')).toBe('%5B%22i-a%22%2C%20%22i-b%22%5D');
  });
});

describe('percentDecode', () => {
  it('decodes escapes in either hex case and UTF-8 sequences', () => {
    expect(percentDecode('%C3%A9', false)).toBe('é');
    expect(percentDecode('%c3%a9', false)).toBe('é');
    expect(percentDecode('%F0%9F%94%91', false)).toBe('🔑');
    expect(percentDecode('%2A~', false)).toBe('*~');
  });

  it('treats + as a space only when asked', () => {
    expect(percentDecode('a+b', true)).toBe('a b');
    expect(percentDecode('a+b', false)).toBe('a+b');
    expect(percentDecode('a%2Bb', true)).toBe('a+b');
  });

  it('passes literal non-ASCII characters through', () => {
    expect(percentDecode('é🔑', false)).toBe('é🔑');
  });

  it('returns undefined for malformed escapes', () => {
    expect(percentDecode('%zz', false)).toBeUndefined();
    expect(percentDecode('%', false)).toBeUndefined();
    expect(percentDecode('abc%4', false)).toBeUndefined();
  });

  it('returns undefined for invalid UTF-8', () => {
    expect(percentDecode('%C3', false)).toBeUndefined();
    expect(percentDecode('%FF', false)).toBeUndefined();
    expect(percentDecode('%ED%A0%80', false)).toBeUndefined();
  });

  it('round-trips percentEncode', () => {
    for (const s of ['', 'plain', 'a b+c', '["i-a", "i-b"]', 'é密🔑*~%']) {
      expect(percentDecode(percentEncode(s), true)).toBe(s);
    }
  });
});

describe('parseParams (TR-1, GEN-2)', () => {
  it('decodes + as space and keeps order', () => {
    expect(parseParams('KeyPairName=my+key&RegionId=cn-hangzhou')).toEqual({
      params: [
        ['KeyPairName', 'my key'],
        ['RegionId', 'cn-hangzhou'],
      ],
      malformed: [],
    });
  });

  it('keeps duplicates in arrival order', () => {
    expect(parseParams('a=1&b=2&a=3').params).toEqual([
      ['a', '1'],
      ['b', '2'],
      ['a', '3'],
    ]);
  });

  it('reads a part without = as an empty value and splits on the first =', () => {
    expect(parseParams('SignatureType&x=a=b&y=').params).toEqual([
      ['SignatureType', ''],
      ['x', 'a=b'],
      ['y', ''],
    ]);
  });

  it('skips empty parts', () => {
    expect(parseParams('&&a=1&&').params).toEqual([['a', '1']]);
    expect(parseParams('')).toEqual({ params: [], malformed: [] });
  });

  it('puts parts that fail to decode in malformed, verbatim, and not in params', () => {
    expect(parseParams('a=1&b=%zz&%C3=x&c=%')).toEqual({
      params: [['a', '1']],
      malformed: ['b=%zz', '%C3=x', 'c=%'],
    });
  });

  it('decodes the percent-encoded InstanceIds', () => {
    expect(parseParams('InstanceIds=%5B%22i-a%22%2C%22i-b%22%5D').params).toEqual([
      ['InstanceIds', '["i-a","i-b"]'],
    ]);
  });
});

describe('encodeParams', () => {
  it('encodes both sides in the given order, empty value as k=', () => {
    expect(
      encodeParams([
        ['b', 'x y'],
        ['a', ''],
        ['é', '*'],
      ]),
    ).toBe('b=x%20y&a=&%C3%A9=%2A');
  });

  it('round-trips through parseParams', () => {
    const params: [string, string][] = [
      ['InstanceIds', '["i-a", "i-b"]'],
      ['KeyPairName', 'kp+1 é'],
      ['a', ''],
      ['a', '2'],
    ];
    expect(parseParams(encodeParams(params))).toEqual({ params, malformed: [] });
  });
});

describe('canonicalQuery (AU-1, AU-2)', () => {
  it('sorts by encoded name in byte order (upper case before lower case)', () => {
    expect(
      canonicalQuery([
        ['b', '1'],
        ['B', '2'],
        ['a', '3'],
        ['A', '4'],
      ]),
    ).toBe('A=4&B=2&a=3&b=1');
  });

  it('sorts on the encoded form, so a name with an escape sorts by its % byte', () => {
    // `*` (0x2A) encodes as `%2A`; `%` (0x25) sorts before `-` (0x2D) and letters.
    expect(
      canonicalQuery([
        ['a', '1'],
        ['*', '2'],
        ['-', '3'],
      ]),
    ).toBe('%2A=2&-=3&a=1');
  });

  it('breaks ties by encoded value and writes empty values as k=', () => {
    expect(
      canonicalQuery([
        ['k', 'b'],
        ['SignatureType', ''],
        ['k', 'a'],
      ]),
    ).toBe('SignatureType=&k=a&k=b');
  });

  it('does not depend on arrival order', () => {
    const params: [string, string][] = [
      ['RegionId', 'cn-hangzhou'],
      ['Action', 'DetachKeyPair'],
      ['InstanceIds', '["i-a"]'],
    ];
    expect(canonicalQuery([...params].reverse())).toBe(canonicalQuery(params));
  });
});

describe('percentEncode and percentDecode fast paths agree with the byte-by-byte definition', () => {
  const reference = (s: string) =>
    [...new TextEncoder().encode(s)]
      .map((b) =>
        /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b))
          ? String.fromCharCode(b)
          : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
      )
      .join('');

  it('encodes every string exactly as RFC 3986 over UTF-8 (AU-1, AU-2)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(percentEncode(s)).toBe(reference(s));
      }),
      { numRuns: 500 },
    );
  });

  it("answers lone surrogates (encodeURIComponent throws) and ! ' ( ) * (it leaves them) byte by byte", () => {
    for (const s of ['\ud800', 'a\udc00b', "!'()*", 'x\ud83d', '\ud83d\ude00!', "i-1'\udfff"])
      expect(percentEncode(s)).toBe(reference(s));
  });

  it('decodes what it encodes, with and without plusIsSpace', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(percentDecode(percentEncode(s), true)).toBe(s);
        expect(percentDecode(percentEncode(s), false)).toBe(s);
      }),
      { numRuns: 500 },
    );
  });
});
