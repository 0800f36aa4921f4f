import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { regionId } from './regionId.ts';

describe('regionId', () => {
  it('has the shape of a region ID', () => {
    fc.assert(
      fc.property(regionId(), (id) => {
        expect(id).toMatch(/^[a-z]{2}-[a-z]+(-[a-z0-9]+)*$/);
      }),
    );
  });

  it('is usually a public region, sometimes a generated xx-yyyy-N', () => {
    const ids = fc.sample(regionId(), { numRuns: 500, seed: 11 });
    expect(ids).toContain('cn-hangzhou');
    expect(ids).toContain('ap-southeast-1');
    expect(ids.filter((id) => /^[a-z]{2}-[a-z]{3,10}-[1-9]$/.test(id)).length).toBeGreaterThan(50);
  });
});
