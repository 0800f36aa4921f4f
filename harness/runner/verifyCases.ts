import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { runSequence } from '../../properties/detach-sequences.prop.ts';
import { judgeProbe } from '../../properties/judgeProbe.ts';
import type { CheckOutcome } from '../checks/CheckOutcome.ts';
import { sameOutcome } from '../checks/sameOutcome.ts';
import type { Report } from '../reports/Report.ts';
import type { AccessKey, World } from '../spec/World.ts';
import type { PropertyRun } from '../suite/PropertyDefinition.ts';
import type { Target } from '../targets/Target.ts';
import { HarnessError } from '../util/HarnessError.ts';
import { type LoadedCase, loadCaseFiles, withFreshKeys } from './caseFiles.ts';
import { reproduceCommand, verifyRunCommand } from './reproduceCommand.ts';
import { documentedOutcomeHolds } from './runDocumentedCases.ts';
import { type Phase, runPhases } from './runPhases.ts';
import { environmentCredentials, selectedRules } from './runSetup.ts';
import { finishRecordedRun, type VerifyReplayOptions } from './verifyReplay.ts';

/** Options of {@link verifyCases}: `dkp-conformance verify --case FILE… / --cases DIR`. */
export type VerifyCasesOptions = Omit<VerifyReplayOptions, 'replay'> & {
  /** Case files (`--case`). */
  cases?: readonly string[];
  /** A directory whose `*.case.json` files are replayed (`--cases`). */
  casesDir?: string;
};

/**
 * `verify --case FILE… / --cases DIR`: replays kept counterexamples (caseFiles.ts) against a target. Each
 * case's World is loaded with a fresh secret for each of its keys (the run's own credentials), its steps
 * are signed afresh and sent as the case's relation says, and every exchange is judged by every check
 * through the oracle — a case file records what was sent, never a verdict. A case fails the run when the
 * target still breaks a rule on it (exit 1), whichever rule that is; on a fixed target it passes. Without
 * world control only cases recorded without it (world-free probes) can be replayed; any other is exit 2.
 */
export async function verifyCases(
  options: VerifyCasesOptions,
): Promise<{ report: Report; secrets: string[] }> {
  const startedAt = new Date();
  const only = selectedRules(options.only);
  const loaded = await loadCaseFiles(
    options.cases ?? [],
    options.casesDir === undefined ? [] : [options.casesDir],
  );
  if (loaded.length === 0) throw new HarnessError('USAGE', '--case or --cases names no case file');
  const secrets: string[] = [];
  const command = verifyRunCommand(options);
  const replay: Phase = {
    name: 'case files',
    rules: 'every rule',
    async run({ target, ledger, credentials, progress }) {
      let requests = 0;
      let inconclusive = 0;
      for (const [i, loadedCase] of loaded.entries()) {
        const run = await replayCase(target, loadedCase, credentials?.key, secrets);
        requests += run.requests;
        inconclusive += run.inconclusive;
        ledger.record(only === null ? run.outcomes : run.outcomes.filter((o) => only.has(o.rule)), {
          source: `case-file:${basename(loadedCase.path)}`,
          counterexample: {
            caseFile: loadedCase.path,
            world: loadedCase.file.world ?? loadedCase.file.assumedWorld,
            steps: loadedCase.file.steps,
          },
          reproduce: (rule) => reproduceCommand(command, ['--case', loadedCase.path, '--only', rule]),
          ...(run.steps === undefined
            ? {}
            : {
                steps: {
                  ...run.steps,
                  ...(loadedCase.file.documented === undefined
                    ? {}
                    : { documented: loadedCase.file.documented }),
                },
              }),
        });
        progress(i + 1, loaded.length);
      }
      return { requests, inconclusive };
    },
  };
  const run = await runPhases({
    target: options.target,
    worldUrl: options.worldUrl,
    emulator: options.emulator,
    bounds: { maxResponseBytes: options.maxResponseBytes, responseTimeoutMs: options.responseTimeoutMs },
    credentials: (target) => {
      if (target.worldUrl !== null) return undefined;
      const withWorld = loaded.find((c) => c.file.world !== null);
      if (withWorld !== undefined) {
        throw new HarnessError(
          'USAGE',
          `case file ${withWorld.path} loads a World: replay it against a target with world control (the bundled emulator, or --world-url)`,
        );
      }
      const hint =
        'the target has no world control: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET and pass --region';
      const key = environmentCredentials(options.env ?? process.env, hint);
      if (!options.region) throw new HarnessError('CONFIG', hint);
      secrets.push(key.accessKeySecret);
      return { key, regionId: options.region };
    },
    phases: () => [replay],
    onProgress: options.onProgress,
  });
  const report = finishRecordedRun(options, run, startedAt, only);
  return { report, secrets };
}

/**
 * One case, sent and judged: `each` probe on a freshly loaded World; `same-outcome` the same and the two
 * outcomes compared; `sequence` the World loaded once and the probes sent in order (the model moving as
 * the oracle says). With world control a case recorded without it is replayed on its assumed World.
 */
async function replayCase(
  target: Target,
  { file }: LoadedCase,
  runKey: AccessKey | undefined,
  secrets: string[],
): Promise<PropertyRun> {
  let world: World | null;
  let assumed: World | undefined;
  let key: AccessKey;
  if (target.worldUrl !== null) {
    const caseWorld = file.world ?? file.assumedWorld;
    if (caseWorld === undefined) throw new HarnessError('USAGE', 'a case without a World cannot be replayed');
    const signWith = file.signWith ?? `dkp-case-${randomBytes(6).toString('hex')}`;
    const fresh = withFreshKeys(
      file.signWith === null
        ? { ...caseWorld, accessKeys: [...caseWorld.accessKeys, { accessKeyId: signWith }] }
        : caseWorld,
      signWith,
    );
    world = fresh.world;
    key = fresh.key;
    secrets.push(...fresh.world.accessKeys.map((k) => k.accessKeySecret));
  } else {
    if (runKey === undefined || file.assumedWorld === undefined)
      throw new HarnessError('USAGE', 'a case with a World needs world control');
    key = runKey;
    world = null;
    assumed = { ...file.assumedWorld, accessKeys: [runKey] };
  }
  if (file.relation === 'sequence') {
    if (world === null) throw new HarnessError('USAGE', 'a sequence case needs world control');
    return runSequence(target, world, key, file.steps);
  }
  const judged = [];
  for (const probe of file.steps) judged.push(await judgeProbe(target, world, key, probe, assumed));
  const outcomes: CheckOutcome[] = judged.flatMap((j) => j.run.outcomes);
  const [a, b] = judged;
  if (file.sameOutcome !== undefined && a?.exchange && b?.exchange)
    outcomes.push(sameOutcome(file.sameOutcome.rule, a.exchange, b.exchange, file.sameOutcome.variation));
  if (file.documented !== undefined && a?.exchange)
    outcomes.push(documentedOutcomeHolds(file.documented, a.exchange));
  return {
    outcomes,
    requests: judged.reduce((n, j) => n + j.run.requests, 0),
    inconclusive: judged.reduce((n, j) => n + j.run.inconclusive, 0),
    steps: {
      relation: file.relation,
      world,
      key,
      probes: file.steps,
      ...(assumed === undefined ? {} : { assumedWorld: assumed }),
      ...(file.sameOutcome === undefined ? {} : { sameOutcome: file.sameOutcome }),
    },
  };
}
