import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instanceSlots } from './instanceSlots.ts';

describe('instanceSlots', () => {
  it('small: 1 to 8 slots', () => {
    fc.assert(
      fc.property(instanceSlots(), (slots) => {
        expect(slots.length).toBeGreaterThanOrEqual(1);
        expect(slots.length).toBeLessThanOrEqual(8);
      }),
    );
  });

  it('all: every size bucket is reached, the empty list only when allowed', () => {
    const sizes = fc.sample(instanceSlots({ sizes: 'all', allowEmpty: true }), { numRuns: 1000, seed: 17 });
    const count = (test: (n: number) => boolean) => sizes.filter((s) => test(s.length)).length;
    expect(count((n) => n === 0)).toBeGreaterThan(0);
    expect(count((n) => n === 1)).toBeGreaterThan(100);
    expect(count((n) => n > 1 && n < 50)).toBeGreaterThan(300);
    expect(count((n) => n === 50)).toBeGreaterThan(20);
    expect(count((n) => n === 51)).toBeGreaterThan(20);
    expect(count((n) => n > 51 && n <= 200)).toBeGreaterThan(10);
    expect(count((n) => n > 200)).toBe(0);
    const noEmpty = fc.sample(instanceSlots({ sizes: 'all' }), { numRuns: 1000, seed: 17 });
    expect(noEmpty.every((s) => s.length >= 1)).toBe(true);
  });

  it('is mostly realistic: ~5% Windows and ~10% duplicates per slot, most lists Linux-only', () => {
    const lists = fc.sample(instanceSlots(), { numRuns: 3000, seed: 19 });
    const slots = lists.flat();
    const share = (test: (s: string) => boolean) => slots.filter(test).length / slots.length;
    expect(share((s) => s.startsWith('windows'))).toBeGreaterThan(0.03);
    expect(share((s) => s.startsWith('windows'))).toBeLessThan(0.08);
    expect(share((s) => s === 'duplicate')).toBeGreaterThan(0.07);
    expect(share((s) => s === 'duplicate')).toBeLessThan(0.14);
    expect(share((s) => ['bound', 'bound-other', 'unbound', 'nonexistent'].includes(s))).toBeGreaterThan(0.7);
    expect(
      lists.filter((l) => !l.some((s) => s.startsWith('windows'))).length / lists.length,
    ).toBeGreaterThan(0.6);
  });

  it('shrinks across size buckets to the shortest failing list, and towards bound', () => {
    const windows = fc.check(
      fc.property(instanceSlots({ sizes: 'all' }), (slots) => !slots.includes('windows')),
      { seed: 23 },
    );
    expect(windows.counterexample?.[0]).toEqual(['windows']);
    const long = fc.check(
      fc.property(instanceSlots({ sizes: 'all' }), (slots) => slots.length <= 50),
      { seed: 23 },
    );
    expect(long.counterexample?.[0]).toEqual(Array(51).fill('bound'));
  });
});
