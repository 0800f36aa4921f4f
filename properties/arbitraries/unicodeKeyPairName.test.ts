import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unicodeKeyPairName } from './unicodeKeyPairName.ts';

const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('unicodeKeyPairName', () => {
  it('is 1 to 255 Unicode scalar values, never a lone surrogate', () => {
    fc.assert(
      fc.property(unicodeKeyPairName(), (name) => {
        const codePoints = [...name].length;
        expect(codePoints).toBeGreaterThanOrEqual(1);
        expect(codePoints).toBeLessThanOrEqual(255);
        expect(loneSurrogate.test(name)).toBe(false);
        // A UTF-8 round trip gives the same name back.
        expect(new TextDecoder().decode(new TextEncoder().encode(name))).toBe(name);
      }),
    );
  });

  it('reaches URL and XML specials, spaces, emoji, CJK and long names', () => {
    const names = fc.sample(unicodeKeyPairName(), { numRuns: 1000, seed: 9 });
    const some = (re: RegExp) => names.some((n) => re.test(n));
    for (const special of ['&', '<', '>', '"', "'", '%', '+', '=', '/', '?', '#', ' ']) {
      expect(names.some((n) => n.includes(special))).toBe(true);
    }
    expect(some(/\p{Extended_Pictographic}/u)).toBe(true);
    expect(some(/[\u4e00-\u9fff]/)).toBe(true);
    expect(names.some((n) => [...n].length > 100)).toBe(true);
  });
});
