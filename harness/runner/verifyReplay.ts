import { randomBytes } from 'node:crypto';
import type { CheckOutcome } from '../checks/CheckOutcome.ts';
import { HarnessError } from '../cli/HarnessError.ts';
import type { EmulatorProfile } from '../emulator/EmulatorProfile.ts';
import type { FaultName } from '../emulator/faults.ts';
import { startEmulator } from '../emulator/startEmulator.ts';
import type { ParityRow } from '../recordings/ParityRow.ts';
import { readRecording } from '../recordings/readRecording.ts';
import type { Report } from '../reports/Report.ts';
import { applyExpectations, type Expectation, summarise } from '../reports/summarise.ts';
import { expandRuleSelection, type RuleId, rules } from '../spec/rules.ts';
import type { AccessKey } from '../spec/World.ts';
import { connectTarget, type Target } from '../targets/Target.ts';
import { buildVerdicts } from './buildVerdicts.ts';
import { RuleLedger } from './RuleLedger.ts';
import { replayExchanges } from './replayRecording.ts';
import { suiteVersion } from './suiteVersion.ts';

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
  emulator?: { fault?: FaultName; profile?: EmulatorProfile };
  env?: Readonly<Record<string, string | undefined>>;
  onProgress?: (event: { phase: string; done: number; total?: number; failures: number }) => void;
};

/** Rules that need known resources: skipped without world control (target-protocol §1). */
const needKnownResources = (id: RuleId) =>
  id.startsWith('ST-') || id.startsWith('OK-') || id.startsWith('WIN-') || id === 'ID-2' || id === 'KP-2';

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
  let only: Set<RuleId> | null = null;
  if (options.only !== undefined) {
    const selection = expandRuleSelection(options.only);
    if (!selection.ok)
      throw new HarnessError('USAGE', `--only: unknown rule or family: ${selection.unknown.join(', ')}`);
    only = new Set(selection.ids);
  }
  const recording = await readRecording(options.replay);

  let close = async () => {};
  let origin = options.target;
  if (origin === undefined) {
    const server = await startEmulator({
      ...(options.emulator?.fault === undefined ? {} : { fault: options.emulator.fault }),
      ...(options.emulator?.profile === undefined ? {} : { profile: options.emulator.profile }),
    });
    origin = server.origin;
    close = server.close;
  }
  let target: Target;
  try {
    target = await connectTarget({
      origin,
      ...(options.worldUrl === undefined ? {} : { worldUrl: options.worldUrl }),
    });
  } catch (error) {
    await close();
    throw error;
  }

  const secrets: string[] = [];
  const ledger = new RuleLedger();
  const skips = new Map<RuleId, string>();
  for (const rule of rules) {
    if (only !== null && !only.has(rule.id)) skips.set(rule.id, 'excluded by --only');
    else if (rule.family === 'CL') skips.set(rule.id, 'client rules are judged by sdk');
    else if (rule.id === 'OK-12')
      skips.set(rule.id, 'a rule for the judge, not the target: every check ignores unknown fields');
    else if (target.worldUrl === null && needKnownResources(rule.id))
      skips.set(rule.id, 'needs known resources: the target has no world control');
  }
  const targetArg = options.target === undefined ? '' : ` --target ${options.target}`;
  let parity: ParityRow[] = [];
  let requests = 0;
  let inconclusiveRequests = 0;
  let refused: string | undefined;
  try {
    const key = runKey(target, options, recording.region);
    secrets.push(key.accessKeySecret);
    const result = await replayExchanges(recording, target, key, {
      onExchange: (done, total) =>
        options.onProgress?.({ phase: 'replay', done, total, failures: countFailures(ledger) }),
    });
    parity = result.exchanges;
    requests = result.requests;
    inconclusiveRequests = result.inconclusive;
    result.outcomes.forEach((replayed, i) => {
      const row = parity[i];
      const outcomes: CheckOutcome[] = [...replayed.outcomes];
      const observation = row === undefined ? undefined : parityObservation(row);
      if (observation !== undefined) outcomes.push(observation);
      const recorded = recording.exchanges[i];
      ledger.record(only === null ? outcomes : outcomes.filter((o) => only?.has(o.rule)), {
        source: `replay:${replayed.name}`,
        ...(recorded === undefined ? {} : { counterexample: { name: recorded.name, probe: recorded.probe } }),
        reproduce: (rule) => `dkp-conformance verify${targetArg} --replay ${options.replay} --only ${rule}`,
      });
    });
  } catch (error) {
    if (!(error instanceof HarnessError) || error.code !== 'WORLD_REFUSED') throw error;
    refused = error.message;
  } finally {
    await target.close();
    await close();
  }

  const verdicts = buildVerdicts(ledger, skips, options.strict === true);
  const expected = applyExpectations(verdicts, options.expectations ?? []);
  const tooManyInconclusive = requests > 0 && inconclusiveRequests / requests > 0.1;
  const decided = summarise(expected.verdicts, {
    strict: options.strict === true,
    inconclusive: refused !== undefined || tooManyInconclusive,
    stale: expected.stale.length,
  });
  const finishedAt = new Date();
  const report: Report = {
    schemaVersion: 1,
    suiteVersion,
    command: 'verify',
    target:
      options.target ??
      `${origin} (bundled reference emulator${options.emulator?.fault ? `, fault ${options.emulator.fault}` : ''})`,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    verdict: decided.verdict,
    exitCode: decided.exitCode,
    summary: decided.summary,
    rules: decided.rules,
    run: {
      // A replay draws nothing at random: each recorded probe is sent once.
      seed: 0,
      runs: 1,
      strict: options.strict === true,
      ...(only === null ? {} : { only: [...only] }),
      worldControl: target.worldUrl !== null,
      requests,
      inconclusiveRequests,
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      ...(refused === undefined ? {} : { aborted: refused }),
    },
    ...(expected.stale.length > 0 ? { staleExpectations: expected.stale } : {}),
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
 * A parity difference as a REPORT-level observation under the rule the probe exercises; none when the
 * answers agree or either side is inconclusive (nothing was compared).
 */
export function parityObservation(row: ParityRow): CheckOutcome | undefined {
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
  const env = options.env ?? process.env;
  const accessKeyId = env.ALIBABA_CLOUD_ACCESS_KEY_ID;
  const accessKeySecret = env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
  if (!accessKeyId || !accessKeySecret) {
    throw new HarnessError(
      'CONFIG',
      'the target has no world control: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET to replay against it',
    );
  }
  if (options.region !== undefined && options.region !== region) {
    throw new HarnessError(
      'USAGE',
      `--region ${options.region} differs from the recording's region ${region}: the recorded probes name ${region}`,
    );
  }
  return { accessKeyId, accessKeySecret };
}

function countFailures(ledger: RuleLedger): number {
  let n = 0;
  for (const [, t] of ledger.entries()) if (t.mustFailure !== undefined) n++;
  return n;
}
