import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInstanceIds } from '../../harness/wire/instanceIdsCodec.ts';
import { detachKeyPairRequest } from './detachKeyPairRequest.ts';

describe('detachKeyPairRequest', () => {
  it('valid requests name DetachKeyPair, a region, a key pair and a list of 1 to 8 IDs', () => {
    fc.assert(
      fc.property(detachKeyPairRequest({ invalidInputs: false }), (probe) => {
        expect(probe).toMatchObject({ action: 'DetachKeyPair', version: '2014-05-26', breakage: null });
        expect(probe.regionId).toBeTruthy();
        expect(probe.keyPairName).toBeTruthy();
        const parsed = parseInstanceIds(probe.instanceIds ?? '');
        // A JSON array in any whitespace style, or the bare comma list (ID-1, ID-6).
        expect(parsed.kind === 'json-array' || parsed.kind === 'bare-text').toBe(true);
        const ids = 'ids' in parsed ? parsed.ids : [];
        expect(ids.length).toBeGreaterThanOrEqual(1);
        expect(ids.length).toBeLessThanOrEqual(8);
      }),
      { numRuns: 200 },
    );
  });

  it('by default also draws invalid requests, and breakages on request', () => {
    const probes = fc.sample(detachKeyPairRequest(), { numRuns: 500, seed: 11 });
    expect(probes.some((p) => p.regionId === null || p.keyPairName === null || p.instanceIds === null)).toBe(
      true,
    );
    const broken = fc.sample(detachKeyPairRequest({ breakage: true }), { numRuns: 50, seed: 11 });
    expect(broken.every((p) => p.breakage !== null)).toBe(true);
  });
});
