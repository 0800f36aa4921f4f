import type { CheckOutcome } from '../../harness/checks/CheckOutcome.ts';
import type { Exchange } from '../../harness/checks/Exchange.ts';
import { runChecks } from '../../harness/checks/index.ts';
import { expectedOutcome } from '../../harness/oracle/expectedOutcome.ts';
import type { World } from '../../harness/spec/World.ts';
import { decodeResponse } from '../../harness/wire/decodeResponse.ts';
import type { Breakage, Probe } from '../../harness/wire/Probe.ts';
import type { WireRequest, WireResponse } from '../../harness/wire/WireMessage.ts';
import { probeOfRequest } from './probeOfRequest.ts';

/** One replayed pact interaction: the provider state's world, the request sent and the response received. */
export type Replayed = {
  /** The provider state's World with the run's credentials: what the state handler loaded. */
  world: World;
  /** The request as sent to the target (re-signed, its declared breakage re-applied). */
  request: WireRequest;
  response: WireResponse;
  /** The breakage the request carries on purpose (the provider state's `auth`). */
  breakage: Breakage | null;
  /** The world read back from the world URL after the response; `null` when it could not be read. */
  worldAfter: World | null;
};

/** A judged exchange, or why the request could not be judged (it is outside the suite's request model). */
export type Judged = { ok: true; outcomes: CheckOutcome[]; probe: Probe } | { ok: false; problem: string };

/**
 * The harness exchange of a replayed interaction (harness/checks/Exchange.ts): the request read into the
 * suite's model (probeOfRequest.ts), the response decoded, and the oracle's expectation for the provider
 * state's world — the same exchange a documented case or a property run builds for its own probes.
 */
export function replayedExchange(
  replayed: Replayed,
): { ok: true; exchange: Exchange } | { ok: false; problem: string } {
  const read = probeOfRequest(replayed.request, replayed.breakage);
  if (!read.ok)
    return {
      ok: false,
      problem: `the replayed request is outside the suite's request model: ${read.problem}`,
    };
  return {
    ok: true,
    exchange: {
      probe: read.probe,
      request: replayed.request,
      response: replayed.response,
      decoded: decodeResponse(replayed.response),
      expectation: expectedOutcome(replayed.world, read.probe),
      worldBefore: replayed.world,
      worldAfter: replayed.worldAfter,
    },
  };
}

/**
 * Judges a replayed interaction with every check (harness/checks/index.ts), as every other exchange of a
 * run is judged: the rule verdicts of the contracts phase come from here, never from Pact's messages.
 */
export function judgeReplayed(replayed: Replayed): Judged {
  const built = replayedExchange(replayed);
  return built.ok ? { ok: true, outcomes: runChecks(built.exchange), probe: built.exchange.probe } : built;
}
