import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorServer, startEmulator } from '../harness/emulator/startEmulator.ts';
import { RuleLedger } from '../harness/runner/RuleLedger.ts';
import { runProperty } from '../harness/runner/runProperty.ts';
import { connectTarget, type Target } from '../harness/targets/Target.ts';
import { parseParams } from '../harness/wire/percentEncode.ts';
import { verifyV1 } from '../harness/wire/signV1.ts';
import { detachScenario } from './arbitraries/scenario.ts';
import {
  type BrokenEncodingCase,
  brokenEncodingRequest,
  brokenEscapes,
  brokenIdPrefix,
  brokenPercentEncoding,
} from './broken-percent-encoding.prop.ts';

const scenario = fc.sample(detachScenario({ sizes: 'small', invalidInputs: false }), {
  seed: 7,
  numRuns: 1,
})[0];

function theCase(over: Partial<BrokenEncodingCase> = {}): BrokenEncodingCase {
  if (scenario === undefined) throw new Error('no scenario');
  return { scenario, scheme: 'v1', transport: 'get-query', brokenEscape: '%zz', ...over };
}

describe('brokenEncodingRequest: the brokenEscape is broken on the wire and nowhere else', () => {
  for (const brokenEscape of brokenEscapes) {
    for (const transport of ['get-query', 'post-form'] as const) {
      it(`${brokenEscape} over ${transport}: the parameter does not decode; kept as text, the signature verifies`, () => {
        const { wire } = brokenEncodingRequest(theCase({ brokenEscape, transport }), 'example.invalid');
        const at = wire.target.indexOf('?');
        const query = at < 0 ? '' : wire.target.slice(at + 1);
        const form = new TextDecoder().decode(wire.body);
        const raw = transport === 'post-form' ? form : query;
        expect(raw).toContain(`${brokenIdPrefix}${brokenEscape}`);
        // A strict decoder finds exactly one broken part: InstanceIds.
        const parsed = parseParams(raw);
        expect(parsed.malformed).toHaveLength(1);
        expect(parsed.malformed[0]).toMatch(/^InstanceIds=/);
        // A lenient decoder that keeps the brokenEscape as text reads a request whose signature is right.
        const lenient = raw.replace(
          `${brokenIdPrefix}${brokenEscape}`,
          `${brokenIdPrefix}${encodeURIComponent(brokenEscape)}`,
        );
        const other = transport === 'post-form' ? query : form;
        const params = [...parseParams(transport === 'post-form' ? other : lenient).params];
        if (transport === 'post-form') params.push(...parseParams(lenient).params);
        expect(params.find(([k]) => k === 'InstanceIds')?.[1]).toBe(
          JSON.stringify([`${brokenIdPrefix}${brokenEscape}`]),
        );
        expect(verifyV1(wire.method, params, theCase().scenario.key.accessKeySecret)).toEqual({ ok: true });
      });
    }
  }

  it('V3 travels in the query, never a form body edited after its hash', () => {
    const { wire } = brokenEncodingRequest(
      theCase({ scheme: 'v3', transport: 'post-query' }),
      'example.invalid',
    );
    expect(wire.body).toHaveLength(0);
    expect(wire.target).toContain(`${brokenIdPrefix}%zz`);
  });

  it('the named ID is no instance ID of any generated World, with or without its brokenEscape', () => {
    fc.assert(
      fc.property(detachScenario({ sizes: 'small', invalidInputs: false }), (s) => {
        for (const instance of s.world.instances)
          expect(instance.instanceId.startsWith(brokenIdPrefix)).toBe(false);
      }),
      { numRuns: 50, seed: 11 },
    );
  });
});

describe('the property judges ERR-4 and ST-3, and can fail', () => {
  const servers: EmulatorServer[] = [];
  const targets: Target[] = [];
  let clean: Target;
  let throwing: Target;
  beforeAll(async () => {
    for (const fault of [undefined, 'percent-decoding-throws' as const]) {
      const server = await startEmulator(fault === undefined ? {} : { fault });
      servers.push(server);
      targets.push(await connectTarget({ origin: server.origin }));
    }
    [clean, throwing] = targets as [Target, Target];
  });
  afterAll(async () => {
    for (const t of targets) await t.close();
    for (const s of servers) await s.close();
  });

  const run = async (target: Target) => {
    const ledger = new RuleLedger();
    await runProperty({ ...brokenPercentEncoding, weight: 1 }, target, {
      seed: 20261206,
      runs: 20,
      only: null,
      ledger,
      shrinkBudget: 20,
      reproduce: (rule, path) => `${rule} ${path}`,
    });
    return ledger;
  };

  it('passes the reference emulator (400 InvalidParameter, nothing changes)', async () => {
    const outcome = await brokenPercentEncoding.run(clean, theCase());
    expect(outcome.inconclusive).toBe(0);
    // ERR-2's SHOULD clause (HostId) is met too: every outcome is a pass.
    expect(outcome.outcomes.map((o) => [o.rule, o.status])).toEqual([
      ['ERR-4', 'pass'],
      ['ST-3', 'pass'],
      ['ERR-1', 'pass'],
      ['ERR-2', 'pass'],
    ]);
    const ledger = await run(clean);
    for (const rule of ['ERR-4', 'ST-3', 'ERR-1', 'ERR-2'] as const) {
      expect(ledger.tally(rule).passes).toBeGreaterThan(0);
      expect(ledger.tally(rule).mustFailures).toBe(0);
    }
  });

  it('fails ERR-4 on an emulator whose decoder throws (percent-decoding-throws)', async () => {
    const outcome = await brokenPercentEncoding.run(throwing, theCase({ brokenEscape: '%E0%A4' }));
    expect(outcome.outcomes.find((o) => o.rule === 'ERR-4')?.status).toBe('fail');
    expect(outcome.outcomes.find((o) => o.rule === 'ST-3')?.status).toBe('pass');
    const ledger = await run(throwing);
    expect(ledger.tally('ERR-4').mustFailure?.reproduce).toMatch(/^ERR-4 /);
    expect(ledger.tally('ST-3').mustFailures).toBe(0);
  });
});
