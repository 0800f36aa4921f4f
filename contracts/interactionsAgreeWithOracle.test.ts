/**
 * The contracts cannot say something the rules do not: every interaction a provider can be asked for,
 * as each consumer's committed pact records it — the example request Pact's verifier replays and the
 * example response the consumer's mock server answered — is judged like any exchange of a run: the oracle
 * for the interaction's World and request (harness/oracle) and every check (harness/checks). A promised
 * response the oracle refuses, or that any check fails, is a contract bug: a conforming provider could
 * never give it, so Pact would fail an interaction on which every check passes.
 */
import { describe, expect, it } from 'vitest';
import type { CheckOutcome } from '../harness/checks/CheckOutcome.ts';
import { runChecks } from '../harness/checks/index.ts';
import { outcomeIsAcceptable } from '../harness/checks/outcomeIsAcceptable.ts';
import type { World } from '../harness/spec/World.ts';
import { type ConsumerName, type ContractInteraction, consumers, interactionsFor } from './interactions.ts';
import { exampleRequest, exampleResponse } from './pactExamples.ts';
import { pactFileOf, readPact } from './pactFiles.ts';
import { replayedExchange } from './provider/judgeReplayed.ts';

const credentials = { accessKeyId: 'LTAI-contract-oracle', accessKeySecret: 'contract-oracle-secret' };

/**
 * The one SHOULD an example may miss: ERR-2's `HostId`. A pact has no optional field, so an example with
 * `HostId` would make every provider that omits it fail Pact, though the rules only recommend it.
 */
const missable = (o: CheckOutcome) =>
  o.status === 'fail' && o.level === 'SHOULD' && o.rule === 'ERR-2' && o.received === 'HostId absent';

/** Every (consumer, interaction) pair a provider can produce: consumer-only interactions are left out. */
const replayable = (Object.keys(consumers) as ConsumerName[]).flatMap((consumer) =>
  interactionsFor(consumer)
    .filter((interaction) => interaction.consumerOnly === undefined)
    .map((interaction) => [consumer, interaction.description, interaction] as const),
);

/** The promised exchange of `interaction` as `consumer`'s pact file records it, in the harness's shape. */
async function promisedExchange(consumer: ConsumerName, interaction: ContractInteraction) {
  const pact = await readPact(pactFileOf(consumer));
  const recorded = pact.interactions.find((i) => i.description === interaction.description);
  if (recorded === undefined) throw new Error(`${pactFileOf(consumer)} has no "${interaction.description}"`);
  const world: World = { ...interaction.world, accessKeys: [credentials] };
  const built = replayedExchange({
    world,
    request: exampleRequest(recorded),
    response: exampleResponse(recorded),
    breakage: interaction.auth ?? null,
    worldAfter: null,
  });
  if (!built.ok) throw new Error(built.problem);
  const { exchange } = built;
  // The world a conforming provider leaves: the oracle's after a success, the same world after an error
  // (as harness/checks/checkTestKit.ts builds it), so that the checks of effects judge the promise too.
  const succeeded = exchange.response.status === 200 && exchange.expectation?.success != null;
  return {
    ...exchange,
    worldAfter: succeeded ? (exchange.expectation?.success?.worldAfter ?? world) : world,
  };
}

describe('every interaction a provider can produce agrees with the oracle and the checks', () => {
  it.each(replayable)('%s: %s', async (consumer, _description, interaction) => {
    const exchange = await promisedExchange(consumer, interaction);
    const show = (o: unknown) => JSON.stringify(o, null, 1);

    // The oracle accepts the promised response for the interaction's World and request.
    const verdict = outcomeIsAcceptable.run(exchange);
    expect(verdict.filter((o) => o.status !== 'pass' && o.status !== 'report').map(show)).toEqual([]);

    // No check fails on it, and every provider rule the catalogue names for it is judged and passes.
    const outcomes = runChecks(exchange);
    const broken = outcomes.filter((o) => (o.status === 'fail' && !missable(o)) || o.status === 'error');
    expect(broken.map(show)).toEqual([]);
    const passed = new Set(outcomes.filter((o) => o.status === 'pass' || missable(o)).map((o) => o.rule));
    const named = interaction.rules.filter((rule) => !rule.startsWith('CL-'));
    expect(named.filter((rule) => !passed.has(rule))).toEqual([]);

    // The committed example is the catalogue's: a client decoding it reads the values the catalogue expects.
    const expected = interaction.response.expected;
    expect(exchange.decoded.fields.RequestId?.value).toBe(expected.RequestId);
    if (expected.kind === 'error') {
      expect([exchange.decoded.status, exchange.decoded.fields.Code?.value]).toEqual([
        expected.status,
        expected.Code,
      ]);
    } else {
      expect([exchange.decoded.fields.TotalCount?.value, exchange.decoded.fields.FailCount?.value]).toEqual([
        expected.TotalCount,
        expected.FailCount,
      ]);
      expect(exchange.decoded.results.entries.map((e) => e.InstanceId?.value)).toEqual(
        expected.Results.map((r) => r.InstanceId),
      );
    }
  });
});
