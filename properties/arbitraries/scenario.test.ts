import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateWorld } from '../../harness/spec/validateWorld.ts';
import { parseInstanceIds } from '../../harness/wire/instanceIdsCodec.ts';
import { detachScenario, type Scenario } from './scenario.ts';

/** Whether `slots[i]` says the truth about `ids[i]` in the scenario's World. */
function slotHolds(s: Scenario, ids: string[], i: number): boolean {
  const id = ids[i];
  const inst = s.world.instances.find((x) => x.instanceId === id);
  const { regionId: R, keyPairName: K } = s.target;
  const inR = inst !== undefined && inst.regionId === R;
  switch (s.slots[i]) {
    case 'bound':
      return inR && inst.osType === 'linux' && inst.keyPairName === K;
    case 'bound-other':
      return inR && inst.osType === 'linux' && inst.keyPairName !== null && inst.keyPairName !== K;
    case 'unbound':
      return inR && inst.osType === 'linux' && inst.keyPairName === null;
    case 'windows':
      return inR && inst.osType === 'windows';
    case 'windows-bound':
      return inR && inst.osType === 'windows' && inst.keyPairName === K;
    case 'other-region':
      return inst !== undefined && inst.regionId !== R && inst.keyPairName === K;
    case 'nonexistent':
      return inst === undefined;
    case 'duplicate':
      return ids.slice(0, i).includes(id as string);
    case 'near-miss':
      // Absent itself, and a near miss of an unnamed instance of R bound to K.
      return (
        inst === undefined &&
        s.world.instances.some(
          (x) =>
            x.regionId === R &&
            x.keyPairName === K &&
            !ids.includes(x.instanceId) &&
            (x.instanceId.toUpperCase() === id?.trim().toUpperCase() ||
              x.instanceId.startsWith(id ?? '') ||
              x.instanceId.slice(1) === id?.slice(1)),
        )
      );
    default:
      return false;
  }
}

const everything = detachScenario({ sizes: 'all', breakage: true, routing: true });

describe('detachScenario', () => {
  it('every World is valid, R first, and holds the scenario credential', () => {
    fc.assert(
      fc.property(everything, (s) => {
        expect(validateWorld(s.world)).toEqual({ ok: true, world: s.world });
        expect(s.world.regions[0]).toBe(s.target.regionId);
        expect(s.world.accessKeys).toEqual([s.key]);
        expect(s.world.keyPairs).toContainEqual({
          regionId: s.target.regionId,
          keyPairName: s.target.keyPairName,
        });
        // KP-2 material: K exists in every other region too.
        for (const other of s.world.regions.slice(1)) {
          expect(s.world.keyPairs).toContainEqual({ regionId: other, keyPairName: s.target.keyPairName });
        }
      }),
      { numRuns: 300 },
    );
  });

  it('KP-3: the key pairs of a region differ in more than letter case (a case-insensitive target breaks no MUST rule through them)', () => {
    fc.assert(
      fc.property(everything, (s) => {
        for (const region of s.world.regions) {
          const names = s.world.keyPairs.filter((kp) => kp.regionId === region).map((kp) => kp.keyPairName);
          expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a list value re-parses to exactly ids, and each slot means what it says', () => {
    fc.assert(
      fc.property(everything, (s) => {
        if (s.ids === null) return;
        expect(s.style).not.toBeNull();
        expect(s.ids).toHaveLength(s.slots.length);
        const parsed = parseInstanceIds(s.probe.instanceIds ?? '');
        expect(parsed).toEqual({ kind: s.style === 'comma' ? 'bare-text' : 'json-array', ids: s.ids });
        s.slots.forEach((slot, i) => {
          expect(slotHolds(s, s.ids as string[], i), `slot ${i} (${slot})`).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('a value that is not a list is missing, empty or invalid input', () => {
    fc.assert(
      fc.property(everything, (s) => {
        if (s.ids !== null) return;
        expect(s.style).toBeNull();
        if (s.probe.instanceIds === null) return;
        const parsed = parseInstanceIds(s.probe.instanceIds);
        if (parsed.kind === 'json-array') expect(parsed.ids).toEqual([]);
        if (parsed.kind === 'bare-text') expect(parsed.ids).toContain('');
      }),
      { numRuns: 300 },
    );
  });

  it("sizes 'all' reaches 0, 1, 50, 51 and over 51 IDs; 'small' stays within 1..8", () => {
    const all = fc.sample(detachScenario({ sizes: 'all' }), { numRuns: 1000, seed: 29 });
    const count = (n: (k: number) => boolean) => all.filter((s) => n(s.slots.length)).length;
    expect(count((k) => k === 0)).toBeGreaterThan(0);
    expect(count((k) => k === 1)).toBeGreaterThan(0);
    expect(count((k) => k === 50)).toBeGreaterThan(10);
    expect(count((k) => k === 51)).toBeGreaterThan(10);
    expect(count((k) => k > 51)).toBeGreaterThan(0);
    const small = fc.sample(detachScenario(), { numRuns: 300, seed: 29 });
    expect(small.every((s) => s.slots.length >= 1 && s.slots.length <= 8)).toBe(true);
  });

  it('invalidInputs false: always R, K and a non-empty list, with the documented Action and Version', () => {
    fc.assert(
      fc.property(detachScenario({ sizes: 'all', invalidInputs: false }), (s) => {
        expect(s.probe).toMatchObject({
          regionId: s.target.regionId,
          keyPairName: s.target.keyPairName,
          action: 'DetachKeyPair',
          version: '2014-05-26',
          breakage: null,
        });
        expect(s.ids?.length).toBeGreaterThan(0);
        expect(s.ids?.every((id) => /^i-[0-9a-z]{20}$/.test(id))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('invalidInputs reaches every kind of region, key pair name and InstanceIds value', () => {
    const sample = fc.sample(detachScenario(), { numRuns: 2000, seed: 31 });
    const names = new Set(sample.map(nameKind));
    expect([...names].sort()).toEqual(
      ['K', 'absent', 'case-variant', 'empty', 'existing-other', 'missing', 'other-region-only'].sort(),
    );
    const regions = new Set(
      sample.map((s) =>
        s.probe.regionId === null
          ? 'missing'
          : s.world.regions.includes(s.probe.regionId)
            ? 'R'
            : s.probe.regionId || 'empty',
      ),
    );
    expect(regions).toContain('missing');
    expect(regions).toContain('empty');
    expect(regions.size).toBeGreaterThan(3);
    const kinds = new Set(
      sample.map((s) =>
        s.probe.instanceIds === null ? 'missing' : parseInstanceIds(s.probe.instanceIds).kind,
      ),
    );
    expect([...kinds].sort()).toEqual([
      'bare-text',
      'empty',
      'json-array',
      'json-invalid',
      'malformed-json',
      'missing',
    ]);
    expect(sample.some((s) => s.ids?.some((id) => !/^i-[0-9a-z]{20}$/.test(id)))).toBe(true);
    expect(sample.some((s) => !/^[A-Za-z][\w.:-]+$/.test(s.target.keyPairName))).toBe(true);
    expect(
      sample.filter((s) => s.probe.keyPairName === s.target.keyPairName && s.ids !== null).length,
    ).toBeGreaterThan(1000);
  });

  it('blindSpots: each non-string element alone, and near misses of a bound instance, of K and of R', () => {
    const sample = fc.sample(detachScenario({ sizes: 'all', blindSpots: true }), { numRuns: 3000, seed: 37 });
    const lone = new Set(
      sample.flatMap((s) => {
        if (s.ids !== null || s.probe.instanceIds === null) return [];
        try {
          const value: unknown = JSON.parse(s.probe.instanceIds);
          if (!Array.isArray(value)) return [];
          const odd = value.filter((e) => typeof e !== 'string');
          return odd.length === 1
            ? [Array.isArray(odd[0]) ? 'array' : odd[0] === null ? 'null' : typeof odd[0]]
            : [];
        } catch {
          return [];
        }
      }),
    );
    expect([...lone].sort()).toEqual(['array', 'boolean', 'null', 'number', 'object']);
    const openings = new Set(
      sample
        .filter(
          (s) =>
            s.probe.instanceIds !== null && parseInstanceIds(s.probe.instanceIds).kind === 'malformed-json',
        )
        .map((s) => s.probe.instanceIds?.trimStart()[0]),
    );
    expect([...openings].sort()).toEqual(['"', '[', '{']);
    const withMiss = sample.filter((s) => s.slots.includes('near-miss') && s.ids !== null);
    expect(withMiss.length).toBeGreaterThan(100);
    for (const s of withMiss) {
      const i = s.slots.indexOf('near-miss');
      expect(slotHolds(s, s.ids as string[], i), JSON.stringify(s.ids?.[i])).toBe(true);
    }
    const R = (s: Scenario) => s.target.regionId;
    expect(sample.some((s) => s.probe.regionId?.trim() === R(s) && s.probe.regionId !== R(s))).toBe(true);
    expect(
      sample.some(
        (s) =>
          s.probe.keyPairName?.trim() === s.target.keyPairName &&
          s.probe.keyPairName !== s.target.keyPairName,
      ),
    ).toBe(true);
    // Without it, the draws of composed arbitraries stay as they were: no near miss, no lone non-number.
    expect(
      fc
        .sample(detachScenario({ sizes: 'all' }), { numRuns: 500, seed: 37 })
        .some((s) => s.slots.includes('near-miss')),
    ).toBe(false);
  });

  it('breakage: always one when asked (V3-only ones only under V3), never otherwise', () => {
    fc.assert(
      fc.property(detachScenario({ breakage: true }), (s) => {
        expect(s.probe.breakage).not.toBeNull();
        if (s.probe.breakage === 'body-hash-mismatch' || s.probe.breakage === 'malformed-authorization') {
          expect(s.probe.scheme).toBe('v3');
        }
      }),
    );
    fc.assert(
      fc.property(detachScenario(), (s) => {
        expect(s.probe.breakage).toBeNull();
      }),
    );
    const v3 = fc.sample(detachScenario({ breakage: true, schemes: ['v3'] }), { numRuns: 500, seed: 37 });
    expect(v3.some((s) => s.probe.breakage === 'body-hash-mismatch')).toBe(true);
  });

  it('routing: Action and Version sometimes missing, empty or unknown; fixed without it', () => {
    const routed = fc.sample(detachScenario({ routing: true }), { numRuns: 1000, seed: 41 });
    for (const field of ['action', 'version'] as const) {
      const values = new Set(routed.map((s) => s.probe[field]));
      expect(values).toContain(null);
      expect(values).toContain('');
      expect(values.size).toBeGreaterThan(3);
    }
    const plain = fc.sample(detachScenario(), { numRuns: 200, seed: 41 });
    expect(plain.every((s) => s.probe.action === 'DetachKeyPair' && s.probe.version === '2014-05-26')).toBe(
      true,
    );
  });

  it('draws scheme, transport, style and format only from the given constraints', () => {
    const accessKey = { accessKeyId: 'ak-x', accessKeySecret: 'secret-x' };
    fc.assert(
      fc.property(
        detachScenario({
          schemes: ['v3'],
          transports: ['post-form'],
          styles: ['comma'],
          formats: ['xml'],
          accessKey,
          invalidInputs: false,
        }),
        (s) => {
          expect(s.probe).toMatchObject({ scheme: 'v3', transport: 'post-form', format: 'xml' });
          expect(s.style).toBe('comma');
          expect(s.key).toEqual(accessKey);
          expect(s.world.accessKeys).toEqual([accessKey]);
        },
      ),
      { numRuns: 100 },
    );
    const styles = new Set(fc.sample(detachScenario(), { numRuns: 500, seed: 43 }).map((s) => s.style));
    expect(styles).toEqual(new Set(['spaced', 'compact', 'pretty', 'padded', 'comma', null]));
    expect(() => detachScenario({ formats: [] })).toThrow(/formats/);
  });

  it('a counterexample shrinks to a short list and the ordinary request', () => {
    const out = fc.check(
      fc.property(detachScenario({ sizes: 'all' }), (s) => !s.slots.includes('windows-bound')),
      { seed: 47 },
    );
    const s = out.counterexample?.[0];
    expect(s?.slots).toEqual(['windows-bound']);
    expect(s?.probe).toMatchObject({
      regionId: s?.target.regionId,
      keyPairName: s?.target.keyPairName,
      action: 'DetachKeyPair',
      breakage: null,
    });
    expect(s?.world.instances).toHaveLength(1);
  });
});

/** What the probe's key pair name is, relative to the World. */
function nameKind(s: Scenario): string {
  const name = s.probe.keyPairName;
  const { regionId: R, keyPairName: K } = s.target;
  if (name === null) return 'missing';
  if (name === '') return 'empty';
  if (name === K) return 'K';
  const regions = s.world.keyPairs.filter((kp) => kp.keyPairName === name).map((kp) => kp.regionId);
  if (regions.includes(R)) return 'existing-other';
  if (regions.length > 0) return 'other-region-only';
  if (name.toLowerCase() === K.toLowerCase()) return 'case-variant';
  return 'absent';
}
