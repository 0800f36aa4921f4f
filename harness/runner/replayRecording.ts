import { judgeProbe } from '../../properties/judgeProbe.ts';
import type { CheckOutcome } from '../checks/CheckOutcome.ts';
import { expectedOutcome } from '../oracle/expectedOutcome.ts';
import type { ParityRow } from '../recordings/ParityRow.ts';
import type { Recording } from '../recordings/Recording.ts';
import { readRecording } from '../recordings/readRecording.ts';
import { summariseRecorded, summariseResponse, summaryDifference } from '../recordings/summariseResponse.ts';
import type { RuleId } from '../spec/rules.ts';
import type { AccessKey, World } from '../spec/World.ts';
import type { Target } from '../targets/Target.ts';
import { definedOnly } from '../util/definedOnly.ts';
import type { Probe } from '../wire/Probe.ts';

/** The checks' verdicts on one replayed exchange (empty when the replay was inconclusive). */
type ReplayedOutcomes = {
  name: string;
  outcomes: CheckOutcome[];
  requests: number;
  /** 1 when the replay got no conclusive answer. */
  inconclusive: number;
};

/** What {@link replayRecording} hands back. */
export type ReplayResult = {
  recording: Recording;
  /** One row per recorded exchange, in recording order. */
  exchanges: ParityRow[];
  /** The checks' verdicts on each replayed answer, in the same order. */
  outcomes: ReplayedOutcomes[];
  /** HTTP requests sent (retries and AU-7's first-use and in-between requests included). */
  requests: number;
  /** Replays that got no conclusive answer. */
  inconclusive: number;
};

/** Options of {@link replayRecording}. */
export type ReplayOptions = {
  /** Told after each exchange. */
  onExchange?: (done: number, total: number) => void;
};

/**
 * `verify --replay DIR`: reads `DIR/recording.json` (validated; a bad file is a `CONFIG` error naming the
 * problem), re-sends every recorded probe to `target`, re-signed afresh with `key` (a fresh nonce and
 * timestamp; a `replayed-nonce` probe first sends its own harmless first use and one more request), and
 * diffs the normalised answers (LocalStack parity: status, `Code`, format and normalised document;
 * `RequestId`/`HostId` dropped).
 * Recorded probes are the read-only tier's, so they are judged on an assumed world: the recording's region,
 * no key pairs, no instances, and `key`. A target with world control is loaded with that world before each
 * probe; without it the world is only assumed. Every replayed answer is also judged by every check.
 * Recorded sandbox mutations, if any, replay as not-found on that world and show as differences.
 */
export async function replayRecording(
  dir: string,
  target: Target,
  key: AccessKey,
  options: ReplayOptions = {},
): Promise<ReplayResult> {
  return replayExchanges(await readRecording(dir), target, key, options);
}

/** {@link replayRecording} on a recording already read. */
export async function replayExchanges(
  recording: Recording,
  target: Target,
  key: AccessKey,
  options: ReplayOptions = {},
): Promise<ReplayResult> {
  const assumed = assumedWorld(recording, key);
  const withWorld = target.worldUrl !== null;
  const exchanges: ParityRow[] = [];
  const outcomes: ReplayedOutcomes[] = [];
  let requests = 0;
  let inconclusive = 0;
  for (const [i, recorded] of recording.exchanges.entries()) {
    const judged = withWorld
      ? await judgeProbe(target, assumed, key, recorded.probe)
      : await judgeProbe(target, null, key, recorded.probe, assumed);
    requests += judged.run.requests;
    inconclusive += judged.run.inconclusive;
    const replayed =
      judged.exchange === null
        ? summariseResponse(undefined, 'transport failure or throttling after the retries')
        : summariseResponse(judged.exchange.response);
    const recordedSummary = summariseRecorded(recorded);
    const difference = summaryDifference(recordedSummary, replayed);
    exchanges.push({
      name: recorded.name,
      rules: rulesExercised(recorded.probe, assumed),
      recorded: recordedSummary,
      replayed,
      same: difference === undefined,
      ...definedOnly({ difference }),
    });
    outcomes.push({
      name: recorded.name,
      outcomes: judged.run.outcomes,
      requests: judged.run.requests,
      inconclusive: judged.run.inconclusive,
    });
    options.onExchange?.(i + 1, recording.exchanges.length);
  }
  return { recording, exchanges, outcomes, requests, inconclusive };
}

/** The world read-only probes assume (target-protocol §2): the recording's region, nothing in it, the run's key. */
export function assumedWorld(recording: Pick<Recording, 'region'>, key: AccessKey): World {
  return { accessKeys: [key], regions: [recording.region], keyPairs: [], instances: [] };
}

/**
 * The rules a probe exercises on a world, most specific first: the oracle's error conditions with
 * authentication first (AU-8), then routing, then business parameters; `OK-1` when none holds (a success).
 */
export function rulesExercised(probe: Probe, world: World): RuleId[] {
  const { conditions } = expectedOutcome(world, probe, { replayOfAuthenticated: true });
  const tierOrder = { auth: 0, routing: 1, business: 2 } as const;
  const ordered = [...conditions].sort((a, b) => tierOrder[a.tier] - tierOrder[b.tier]).map((c) => c.rule);
  const unique = [...new Set(ordered)];
  return unique.length === 0 ? ['OK-1'] : unique;
}
