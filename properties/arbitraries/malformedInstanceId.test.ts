import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { malformedInstanceId } from './malformedInstanceId.ts';

describe('malformedInstanceId', () => {
  it('is never empty and never a well-formed instance ID', () => {
    fc.assert(
      fc.property(malformedInstanceId(), (id) => {
        expect(id).not.toBe('');
        expect(id).not.toMatch(/^i-[0-9a-z]{20}$/);
      }),
    );
  });

  it('covers each kind of malformation', () => {
    const ids = fc.sample(malformedInstanceId(), { numRuns: 1000, seed: 3 });
    const some = (test: (id: string) => boolean) => ids.some(test);
    expect(some((id) => /^[ \t]+$/.test(id) || id === 'i-')).toBe(true);
    expect(some((id) => /[A-Z]/.test(id))).toBe(true);
    expect(some((id) => /^i-[0-9a-z]{1,19}$/.test(id))).toBe(true);
    expect(some((id) => [...id].some((ch) => (ch.codePointAt(0) ?? 0) > 0x7f))).toBe(true);
    expect(some((id) => /[,"[\]{}]/.test(id))).toBe(true);
    expect(some((id) => /^\s|\s$/.test(id) && id.trim() !== '')).toBe(true);
  });
});
