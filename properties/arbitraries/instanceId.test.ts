import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instanceId } from './instanceId.ts';

describe('instanceId', () => {
  it('is i- followed by exactly 20 lower-case alphanumerics', () => {
    fc.assert(
      fc.property(instanceId(), (id) => {
        expect(id).toMatch(/^i-[0-9a-z]{20}$/);
      }),
    );
  });

  it('mostly carries a real-looking prefix and varies', () => {
    const ids = fc.sample(instanceId(), { numRuns: 500, seed: 1 });
    expect(ids.filter((id) => id.startsWith('i-bp1')).length).toBeGreaterThan(50);
    expect(new Set(ids).size).toBeGreaterThan(490);
  });
});
