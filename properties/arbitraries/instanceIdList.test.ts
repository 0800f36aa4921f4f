import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instanceIdList, maxInstanceIds } from './instanceIdList.ts';

describe('instanceIdList', () => {
  it('is 1 to 50 distinct realistic IDs by default', () => {
    fc.assert(
      fc.property(instanceIdList(), (ids) => {
        expect(ids.length).toBeGreaterThanOrEqual(1);
        expect(ids.length).toBeLessThanOrEqual(maxInstanceIds);
        expect(new Set(ids).size).toBe(ids.length);
        for (const id of ids) expect(id).toMatch(/^i-[0-9a-z]{20}$/);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps to the given lengths, and reaches both ends', () => {
    const lists = fc.sample(instanceIdList({ minLength: 2, maxLength: 5, size: 'max' }), {
      numRuns: 500,
      seed: 3,
    });
    expect(lists.every((ids) => ids.length >= 2 && ids.length <= 5)).toBe(true);
    expect(lists.some((ids) => ids.length === 2)).toBe(true);
    expect(lists.some((ids) => ids.length === 5)).toBe(true);
    expect(
      fc.sample(instanceIdList({ minLength: 51, maxLength: 60 }), 20).every((ids) => ids.length > 50),
    ).toBe(true);
  });

  it('repeats IDs only when unique is false', () => {
    const lists = fc.sample(instanceIdList({ unique: false, minLength: 3, maxLength: 10 }), {
      numRuns: 500,
      seed: 5,
    });
    expect(lists.every((ids) => ids.length >= 3 && ids.length <= 10)).toBe(true);
    expect(lists.some((ids) => new Set(ids).size < ids.length)).toBe(true);
    expect(lists.some((ids) => new Set(ids).size === ids.length)).toBe(true);
  });

  it('refuses impossible constraints', () => {
    expect(() => instanceIdList({ minLength: 3, maxLength: 2 })).toThrow(RangeError);
    expect(() => instanceIdList({ minLength: -1 })).toThrow(RangeError);
  });
});
