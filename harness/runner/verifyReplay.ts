import { randomBytes } from 'node:crypto';
import type { CheckOutcome } from '../checks/CheckOutcome.ts';
import type { EmulatorProfile } from '../emulator/EmulatorProfile.ts';
import type { FaultName } from '../emulator/faults.ts';
import type { ParityRow } from '../recordings/ParityRow.ts';
import { readRecording } from '../recordings/readRecording.ts';
import type { Report } from '../reports/Report.ts';
import type { Expectation } from '../reports/summarise.ts';
import type { RuleId } from '../spec/rules.ts';
import type { AccessKey } from '../spec/World.ts';
import type { Target } from '../targets/Target.ts';
import { HarnessError } from '../util/HarnessError.ts';
import { finishReport } from './finishReport.ts';
import { replayExchanges } from './replayRecording.ts';
import { reproduceCommand, verifyRunCommand } from './reproduceCommand.ts';
import { type Phase, type RunOutcome, runPhases } from './runPhases.ts';
import { environmentCredentials, selectedRules, serverRunSkips, targetLabel } from './runSetup.ts';

/** Options of {@link verifyReplay}: `dkp-conformance verify --replay DIR` and the flags it shares with verify. */
export type VerifyReplayOptions = {
  /** The recording directory (`DIR/recording.json`). */
  replay: string;
  /** The target's origin; absent: the bundled emulator, started on loopback for the run. */
  target?: string;
  worldUrl?: string;
  /** Without world control: must be the recording's region, which the recorded probes name (default). */
  region?: string;
  strict?: boolean;
  /** `--only`: whole rule IDs or family names, comma-separated. */
  only?: string;
  expectations?: readonly Expectation[];
  /** The bundled emulator's fault and profile (ignored with `target`). */
  emulator?: { fault?: FaultName; profile?: EmulatorProfile | string };
  env?: Readonly<Record<string, string | undefined>>;
  onProgress?: (event: { phase: string; done: number; total?: number; failures: number }) => void;
  /** `--max-response-bytes`: the largest answer body read (default 1 MiB); a larger one is inconclusive. */
  maxResponseBytes?: number;
  /** `--response-timeout`: the time one whole answer may take (ms, default 30 000). */
  responseTimeoutMs?: number;
};

/** The longest observation text a parity difference puts in a rule's `observed` list. */
const maxObservation = 300;

/**
 * `verify --replay DIR`: replays a recording against a target ({@link replayExchanges}) and builds the
 * verify report. Every rule is listed; each replayed answer is judged by every check, so a MUST failure
 * fails the run (exit 1) as in verify. A parity difference with the recording is REPORT-level drift: it
 * is recorded as an observation (`recording drift: status 404 → 400 (Code …)`) under the rule the probe
 * exercises and listed in `report.parity`, and never fails the run by itself. More than 10% inconclusive
 * replays make the run inconclusive (exit 3). The secrets the report writer must refuse are returned.
 */
export async function verifyReplay(
  options: VerifyReplayOptions,
): Promise<{ report: Report; secrets: string[] }> {
  const startedAt = new Date();
  const only = selectedRules(options.only);
  const recording = await readRecording(options.replay);

  const secrets: string[] = [];
  const command = verifyRunCommand(options);
  let parity: ParityRow[] = [];
  const replay: Phase = {
    name: 'replay',
    rules: 'every rule',
    async run({ target, ledger, credentials, progress }) {
      const key = credentials?.key ?? runKey(target, options, recording.region);
      const result = await replayExchanges(recording, target, key, {
        onExchange: (done, total) => progress(done, total),
      });
      parity = result.exchanges;
      result.outcomes.forEach((replayed, i) => {
        const row = parity[i];
        const outcomes: CheckOutcome[] = [...replayed.outcomes];
        const observation = row === undefined ? undefined : parityObservation(row);
        if (observation !== undefined) outcomes.push(observation);
        const recorded = recording.exchanges[i];
        ledger.record(only === null ? outcomes : outcomes.filter((o) => only?.has(o.rule)), {
          source: `replay:${replayed.name}`,
          ...(recorded === undefined
            ? {}
            : { counterexample: { name: recorded.name, probe: recorded.probe } }),
          reproduce: (rule) => reproduceCommand(command, ['--replay', options.replay, '--only', rule]),
        });
      });
      return { requests: result.requests, inconclusive: result.inconclusive };
    },
  };
  const run = await runPhases({
    target: options.target,
    worldUrl: options.worldUrl,
    emulator: options.emulator,
    bounds: { maxResponseBytes: options.maxResponseBytes, responseTimeoutMs: options.responseTimeoutMs },
    credentials: (target) => {
      const key = runKey(target, options, recording.region);
      secrets.push(key.accessKeySecret);
      return { key, regionId: recording.region };
    },
    phases: () => [replay],
    onProgress: options.onProgress,
  });
  const report: Report = {
    ...finishRecordedRun(options, run, startedAt, only),
    parity,
    replay: {
      recording: options.replay,
      endpoint: recording.endpoint,
      region: recording.region,
      recordedAt: recording.recordedAt,
      exchanges: recording.exchanges.length,
      differences: parity.filter((row) => !row.same).length,
    },
  };
  return { report, secrets };
}

/**
 * The verify report of a run that sends recorded requests (a recording's, case files'): every rule listed,
 * nothing drawn at random (seed 0, one run: each recorded request is sent as recorded).
 */
export function finishRecordedRun(
  options: Pick<VerifyReplayOptions, 'target' | 'emulator' | 'strict' | 'expectations'>,
  run: RunOutcome,
  startedAt: Date,
  only: ReadonlySet<RuleId> | null,
): Report {
  const { ledger, target, origin } = run;
  return finishReport({
    command: 'verify',
    target: targetLabel(options.target, origin, options.emulator?.fault),
    startedAt,
    ledger,
    skips: serverRunSkips(only, target.worldUrl !== null),
    strict: options.strict === true,
    expectations: options.expectations,
    seed: 0,
    runs: 1,
    only,
    worldControl: target.worldUrl !== null,
    requests: run.requests,
    inconclusiveRequests: run.inconclusive,
    aborted: run.refused,
  });
}

/**
 * A parity difference as a REPORT-level observation under the rule the probe exercises; none when the
 * answers agree or either side is inconclusive (nothing was compared).
 */
function parityObservation(row: ParityRow): CheckOutcome | undefined {
  if (row.same || row.difference === undefined) return undefined;
  if (row.recorded.kind === 'inconclusive' || row.replayed.kind === 'inconclusive') return undefined;
  const rule = row.rules[0];
  if (rule === undefined) return undefined;
  const code =
    row.recorded.code !== null && row.recorded.code === row.replayed.code
      ? ` (Code ${row.recorded.code})`
      : '';
  const text = `recording drift: ${row.difference}${code}`;
  return {
    status: 'report',
    rule,
    observed: text.length > maxObservation ? `${text.slice(0, maxObservation - 1)}…` : text,
  };
}

/**
 * The run's credentials: with world control a fresh random key (loaded with the assumed world), without
 * it the caller's (`ALIBABA_CLOUD_ACCESS_KEY_ID` / `ALIBABA_CLOUD_ACCESS_KEY_SECRET`).
 */
function runKey(target: Target, options: VerifyReplayOptions, region: string): AccessKey {
  if (target.worldUrl !== null) {
    return {
      accessKeyId: `dkp-replay-${randomBytes(6).toString('hex')}`,
      accessKeySecret: randomBytes(18).toString('base64url'),
    };
  }
  const { accessKeyId, accessKeySecret } = environmentCredentials(
    options.env ?? process.env,
    'the target has no world control: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET to replay against it',
  );
  if (options.region !== undefined && options.region !== region) {
    throw new HarnessError(
      'USAGE',
      `--region ${options.region} differs from the recording's region ${region}: the recorded probes name ${region}`,
    );
  }
  return { accessKeyId, accessKeySecret };
}
