import fc from 'fast-check';
import type { CheckOutcome } from '../harness/checks/CheckOutcome.ts';
import { runChecks } from '../harness/checks/index.ts';
import { isErrorResponse } from '../harness/checks/responseKind.ts';
import type { AccessKey, World } from '../harness/spec/World.ts';
import { defineProperty, type PropertyRun } from '../harness/suite/PropertyDefinition.ts';
import { runProbe } from '../harness/suite/runProbe.ts';
import type { Target } from '../harness/targets/Target.ts';
import { transports } from '../harness/wire/encodeRequest.ts';
import { encodeInstanceIds } from '../harness/wire/instanceIdsCodec.ts';
import { type Probe, probe } from '../harness/wire/Probe.ts';
import { detachScenario, type Scenario } from './arbitraries/scenario.ts';
import { redactWorld } from './judgeProbe.ts';

/** The model: the world the oracle says the target must now hold. */
type Model = { world: World };
/** The real system: the target, the key, where outcomes are collected, and the probes sent in order. */
type Real = {
  target: Target;
  key: AccessKey;
  outcomes: CheckOutcome[];
  requests: number;
  inconclusive: number;
  sent: Probe[];
};

/** What one generated detach command picks; indices are taken modulo the model world's sizes at run time. */
type Pick = { keyPair: number; instances: number[]; scheme: 'v1' | 'v3'; transport: Probe['transport'] };

/**
 * One step of a sequence on the target's current state: the oracle judges `probe` against the model
 * world, every check runs, and the model moves to the oracle's world after a success (ERR-3: unchanged
 * after an error). A replayed sequence (a case file's `sequence` steps) runs each of its probes through this.
 */
async function runSequenceStep(model: Model, real: Real, probe: Probe): Promise<void> {
  real.sent.push(probe);
  const result = await runProbe(real.target, probe, { key: real.key, world: model.world, load: false });
  real.requests += result.requests;
  if (result.kind === 'inconclusive') {
    real.inconclusive++;
    // A lost answer says nothing about whether the target applied the request (the connection may have
    // died after it did): continue from the target's own state, or the next step blames it (ST-0..ST-3).
    model.world = await real.target.readWorld();
    return;
  }
  const outcomes = runChecks(result.exchange);
  real.outcomes.push(...outcomes);
  const success = result.exchange.expectation?.success;
  if (outcomes.some((o) => o.status === 'fail' || o.status === 'error')) {
    // The step already failed: resynchronise the model with the target so that one divergence is
    // reported once, at the step that caused it, not again at every later step.
    if (result.exchange.worldAfter !== null) model.world = result.exchange.worldAfter;
  } else if (!isErrorResponse(result.exchange.decoded) && success) {
    model.world = success.worldAfter;
  }
}

/** Runs `probes` in order on `world`, loaded once: the whole of a sequence, from its first step. */
export async function runSequence(
  target: Target,
  world: World,
  key: AccessKey,
  probes: Iterable<Probe>,
): Promise<PropertyRun> {
  await target.loadWorld(world);
  const model: Model = { world };
  const real: Real = { target, key, outcomes: [], requests: 0, inconclusive: 0, sent: [] };
  for (const probe of probes) await runSequenceStep(model, real, probe);
  return sequenceRun(world, real);
}

// `requests` counts API requests (target-protocol §4's inconclusive share), not world-URL calls.
function sequenceRun(world: World, real: Real): PropertyRun {
  return {
    outcomes: real.outcomes,
    requests: real.requests,
    inconclusive: real.inconclusive,
    steps: { relation: 'sequence', world, key: real.key, probes: real.sent },
  };
}

/** One generated DetachKeyPair on the current state ({@link runSequenceStep}), its probe picked from the model. */
class DetachCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    private readonly regionId: string,
    private readonly pick: Pick,
  ) {}

  check(): boolean {
    return true;
  }

  run(model: Model, real: Real): Promise<void> {
    return runSequenceStep(model, real, this.probeFor(model.world));
  }

  probeFor(world: World): Probe {
    const pairs = world.keyPairs.filter((k) => k.regionId === this.regionId);
    const keyPairName =
      pairs[this.pick.keyPair % Math.max(1, pairs.length)]?.keyPairName ?? 'conformance-none';
    const ids = this.pick.instances
      .map((i) => world.instances[i % Math.max(1, world.instances.length)]?.instanceId)
      .filter((id): id is string => id !== undefined);
    return probe({
      scheme: this.pick.scheme,
      transport: this.pick.transport,
      regionId: this.regionId,
      keyPairName,
      instanceIds: encodeInstanceIds(ids.length > 0 ? ids : ['i-conformancenone000001'], 'compact'),
    });
  }

  toString(): string {
    return `detach(${JSON.stringify(this.pick)})`;
  }
}

type Sequence = { scenario: Scenario; commands: Iterable<fc.AsyncCommand<Model, Real>> };

/**
 * Model-based: sequences of detaches on one world, the oracle's model against the target, so that
 * order-dependent bugs (a stale cache, a binding restored, a count carried over) show.
 */
export const detachSequences = defineProperty<Sequence>({
  id: 'model',
  title: 'sequences of detaches keep the target in step with the model',
  rules: ['ST-0', 'ST-1', 'ST-2', 'ST-3', 'ST-4', 'ST-5', 'OK-5', 'OK-6', 'OK-7', 'ERR-3', 'WIN-2'],
  weight: 0.2,
  // A plain array, not fc.commands: fc.commands shrinks only the commands that ran, so a `--path` replay
  // (which walks the shrink tree without running the steps before the last) finds no shrink there and
  // fails ("Unable to replay, got wrong path"). Every command runs (check is always true), so the array
  // shrinks the same sequences and its shrink tree does not depend on what ran.
  arbitrary: detachScenario({ sizes: 'small', invalidInputs: false }).chain((scenario) =>
    fc
      .array(
        fc
          .record({
            keyPair: fc.nat(3),
            instances: fc.array(fc.nat(40), { minLength: 1, maxLength: 4 }),
            scheme: fc.constantFrom<'v1' | 'v3'>('v1', 'v3'),
            transport: fc.constantFrom(...transports),
          })
          .map((pick) => new DetachCommand(scenario.probe.regionId ?? 'cn-hangzhou', pick)),
        { maxLength: 6 },
      )
      .map((commands) => ({ scenario, commands })),
  ),
  async run(target, { scenario, commands }) {
    await target.loadWorld(scenario.world);
    const real: Real = { target, key: scenario.key, outcomes: [], requests: 0, inconclusive: 0, sent: [] };
    await fc.asyncModelRun(() => ({ model: { world: scenario.world }, real }), commands);
    return sequenceRun(scenario.world, real);
  },
  show: ({ scenario, commands }) => ({
    world: redactWorld(scenario.world),
    commands: [...commands].map(String),
  }),
});
