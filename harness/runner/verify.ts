import { randomInt } from 'node:crypto';
import type { ContractResult } from '../../contracts/provider/ContractResult.ts';
import { allProperties } from '../../properties/index.ts';
import type { EmulatorProfile } from '../emulator/EmulatorProfile.ts';
import type { FaultName } from '../emulator/faults.ts';
import type { Report } from '../reports/Report.ts';
import type { Expectation } from '../reports/summarise.ts';
import type { RuleId } from '../spec/rules.ts';
import { definedOnly } from '../util/definedOnly.ts';
import { HarnessError } from '../util/HarnessError.ts';
import { type AnswerTally, tallyAnswers, withAnswers } from './answerTally.ts';
import { collectCaseFiles, type KeptCase } from './caseFiles.ts';
import { finishReport } from './finishReport.ts';
import { reproduceCommand, verifyRunCommand } from './reproduceCommand.ts';
import { logRequestIds } from './requestIdLog.ts';
import type { ContractEntry, ContractFailure } from './runContracts.ts';
import { runDocumentedCases } from './runDocumentedCases.ts';
import { type Phase, runPhases } from './runPhases.ts';
import { type PendingShrinks, runPendingShrinks, runProperty, type Shard } from './runProperty.ts';
import { environmentCredentials, parsePath, selectedRules, serverRunSkips, targetLabel } from './runSetup.ts';
import { runWorldFreeProbes } from './runWorldFreeProbes.ts';
import { verifyCases } from './verifyCases.ts';
import { verifyReplay } from './verifyReplay.ts';

/** Progress events for reporters. */
export type VerifyProgress = { phase: string; done: number; total?: number; failures: number };

/** Options of {@link verify}: the library form of `dkp-conformance verify` (target-protocol §4). */
export type VerifyOptions = {
  /** The target's origin; absent: the bundled emulator, started on loopback for the run. */
  target?: string;
  worldUrl?: string;
  /** Without world control: the region probed (credentials come from `env`). */
  region?: string;
  /** Runs per property (default 100). */
  runs?: number;
  seed?: number;
  /** `<property>:<fast-check path>`: replay one counterexample (requires `seed`). */
  path?: string;
  /** `--case FILE`: replay these case files instead of cases and properties (verifyCases.ts). */
  cases?: readonly string[];
  /** `--cases DIR`: replay every `*.case.json` file of DIR. */
  casesDir?: string;
  /** `--replay DIR`: re-send the recording `DIR/recording.json` instead of cases and properties (verifyReplay.ts). */
  replay?: string;
  /** `--shard I/N` (requires `seed`): this shard's documented cases and property runs; contracts run in shard 1. */
  shard?: Shard;
  strict?: boolean;
  /** `--only`: whole rule IDs or family names, comma-separated. */
  only?: string;
  expectations?: readonly Expectation[];
  /** The bundled emulator's fault and profile (a profile or a bundled profile's name; ignored with `target`). */
  emulator?: { fault?: FaultName; profile?: EmulatorProfile | string };
  env?: Readonly<Record<string, string | undefined>>;
  onProgress?: (event: VerifyProgress) => void;
  /** Skip the documented cases (properties only). */
  skipDocumented?: boolean;
  /**
   * Replay the committed Pact contracts against the target as a last phase (default true; only with world
   * control, never in a `--path` replay). Each interaction judges the rules contracts/interactions.ts names.
   */
  contracts?: boolean;
  /** `--max-response-bytes`: the largest answer body read (default 1 MiB); a larger one is inconclusive. */
  maxResponseBytes?: number;
  /** `--response-timeout`: the time one whole answer may take (ms, default 30 000); a slower one is inconclusive. */
  responseTimeoutMs?: number;
  /**
   * Property runs spent shrinking each failing rule's counterexample, per property (default 200). A smaller
   * budget finds the same failures and reports a less minimal input; 0 reports the first failing input.
   */
  shrinkBudget?: number;
};

/**
 * What `verify` hands back: the report, the secrets the report writer must refuse to write, and a case
 * file for each failure that can be kept as one (`writeCaseFiles` writes them: `--report-dir`).
 */
export type VerifyResult = { report: Report; secrets: string[]; cases: KeptCase[] };

/**
 * Verifies a DetachKeyPair implementation rule by rule: documented cases first, then every property,
 * each failure shrunk to a minimal counterexample with seed, path and a reproduction command.
 * Usage and configuration problems throw `HarnessError` (exit 2); an unreachable target throws
 * `TARGET_UNREACHABLE` (exit 3); everything a target does wrong is in the report.
 */
export async function verify(options: VerifyOptions = {}): Promise<VerifyResult> {
  if (options.cases !== undefined || options.casesDir !== undefined) return withCases(replayCases(options));
  if (options.replay !== undefined) {
    if (
      options.seed !== undefined ||
      options.path !== undefined ||
      options.runs !== undefined ||
      options.shard !== undefined
    ) {
      throw new HarnessError(
        'USAGE',
        '--replay re-sends the recording: it takes no --seed, --path, --runs or --shard',
      );
    }
    return withCases(
      verifyReplay({
        replay: options.replay,
        ...replayOptions(options),
      }),
    );
  }
  const startedAt = new Date();
  const runs = options.runs ?? 100;
  if (!Number.isInteger(runs) || runs < 1)
    throw new HarnessError('USAGE', `--runs must be a positive integer, got ${runs}`);
  if (
    options.shrinkBudget !== undefined &&
    (!Number.isInteger(options.shrinkBudget) || options.shrinkBudget < 0)
  )
    throw new HarnessError('USAGE', `shrinkBudget must be a whole number ≥ 0, got ${options.shrinkBudget}`);
  if (options.path !== undefined && options.seed === undefined)
    throw new HarnessError('USAGE', '--path requires --seed');
  const shard = options.shard;
  if (shard !== undefined) {
    if (options.seed === undefined) throw new HarnessError('USAGE', '--shard requires --seed');
    if (
      !Number.isInteger(shard.index) ||
      !Number.isInteger(shard.count) ||
      shard.index < 1 ||
      shard.index > shard.count
    ) {
      throw new HarnessError(
        'USAGE',
        `--shard must be I/N with 1 ≤ I ≤ N, got ${shard.index}/${shard.count}`,
      );
    }
    if ((options.expectations ?? []).length > 0) {
      throw new HarnessError('USAGE', 'with --shard, expectations are applied by merge-reports only');
    }
  }
  const seed = options.seed ?? randomInt(1, 2 ** 31 - 1);
  const only = selectedRules(options.only);
  const replay = options.path === undefined ? undefined : parsePath(options.path);

  const secrets: string[] = [];
  let contracts: ContractEntry[] | undefined;
  let contractFailures: ContractFailure[] = [];
  // Every reproduction names this run's target and mode; one without --path is this run, narrowed to the rule.
  const command = verifyRunCommand(options);
  const reproduce = (rule: RuleId, path: string) =>
    reproduceCommand(command, ['--seed', String(seed), '--path', path, '--only', rule]);
  const rerun = (rule: RuleId, note: string, withContracts = options.contracts !== false) =>
    reproduceCommand(
      command,
      [
        ...(withContracts ? [] : ['--no-contracts']),
        '--seed',
        String(seed),
        ...(options.runs === undefined ? [] : ['--runs', String(runs)]),
        '--only',
        rule,
      ],
      note,
    );
  const contractsRun =
    options.contracts !== false && replay === undefined && (shard === undefined || shard.index === 1);

  // What every generated input of the run shares: the seed, the runs, the selection, the reproduction and,
  // for a replay, the path of the one input to run.
  const generated = { seed, runs, only, reproduce, ...(replay === undefined ? {} : { path: replay.path }) };
  // Without world control: the probes that need no known resources, signed with the caller's key.
  const worldFree: Phase = {
    name: 'world-free probes',
    rules: 'every rule',
    run: async ({ target, ledger, credentials: key }) => {
      if (key === undefined) return { requests: 0, inconclusive: 0 };
      return runWorldFreeProbes(target, { ...generated, key: key.key, regionId: key.regionId, ledger });
    },
  };
  const documented: Phase = {
    name: 'documented cases',
    rules: 'every rule',
    run: ({ target, ledger, progress }) =>
      runDocumentedCases(target, {
        only,
        ledger,
        reproduce: (rule, caseFile) => rerun(rule, `documented case ${caseFile}`),
        onCase: (done, total) => progress(done, total),
        ...definedOnly({ shard }),
      }),
  };
  // Shrinks run once every property has run: a rule that fails in several shrinks where it counts.
  const pendingShrinks: PendingShrinks = new Map();
  const propertyPhase = (property: (typeof allProperties)[number]): Phase => ({
    name: `property ${property.id}`,
    rules: property.rules,
    run: ({ target, ledger, progress }) => {
      let done = 0;
      return runProperty(property, target, {
        ...generated,
        ledger,
        ...definedOnly({ shard, shrinkBudget: options.shrinkBudget }),
        pendingShrinks,
        onRun: () => progress(++done, Math.max(1, Math.round(runs * property.weight))),
      });
    },
  });
  const shrinks: Phase = {
    name: 'shrinks',
    rules: 'every rule',
    run: async () => {
      await runPendingShrinks(pendingShrinks);
      return { requests: 0, inconclusive: 0 };
    },
  };
  const contractsPhase = (skips: ReadonlyMap<RuleId, string>): Phase => ({
    name: 'contracts',
    rules: 'every rule',
    run: async ({ target, ledger, progress }) => {
      // Loaded on demand: Pact JS takes most of a second to load, which no other command should pay.
      const { contractsCredentials, runContracts } = await import('./runContracts.ts');
      // The phase loads its own worlds with its own key; the secret stays out of every report.
      secrets.push(contractsCredentials.accessKeySecret);
      progress(0);
      const run = await runContracts(target, {
        ledger,
        judged: (rule) => !skips.has(rule),
        reproduce: (rule, interaction) => rerun(rule, `contract ${interaction}`, true),
        ...(earlyContracts === undefined ? {} : { started: earlyContracts }),
      });
      contracts = run.entries;
      contractFailures = run.failures;
      progress(run.entries.length, run.entries.length);
      return { requests: run.requests, inconclusive: run.inconclusive };
    },
  });

  // The contracts' verification when it was started before their phase (the bundled emulator's twin).
  let earlyContracts: Promise<ContractResult[]> | undefined;
  // Every API request is tallied by what it got: the headline diagnosis of a target that answers nothing.
  let answers: AnswerTally | undefined;
  // OK-2's "unique per response" is a property of the whole run: every answer's RequestId is remembered.
  let requestIds: ReturnType<typeof logRequestIds> | undefined;
  const run = await runPhases({
    target: options.target,
    worldUrl: options.worldUrl,
    emulator: options.emulator,
    bounds: { maxResponseBytes: options.maxResponseBytes, responseTimeoutMs: options.responseTimeoutMs },
    instrument: (target) => {
      answers = tallyAnswers(target);
      requestIds = logRequestIds(answers.target);
      return requestIds.target;
    },
    credentials: (target) => {
      if (target.worldUrl !== null) {
        secrets.push('conformance-secret', 'documented-secret');
        if (contractsRun && options.target === undefined && options.worldUrl === undefined && only === null) {
          // The bundled emulator: the contracts are replayed now against a twin of it (its fault and profile),
          // on the other core, while the cases and properties run; their phase records them (runContracts.ts).
          earlyContracts = import('./runContracts.ts').then((m) => m.startContracts(options.emulator ?? {}));
          // Its failure is the contracts phase's to report, when the run gets there.
          earlyContracts.catch(() => undefined);
        } else if (contractsRun) {
          // The Pact verifier's process starts now, on the other core, while the cases and properties run.
          void import('../../contracts/provider/verifyContracts.ts').then((m) => m.startVerifier());
        }
        return undefined;
      }
      const key = credentials(options.env ?? process.env, options.region);
      secrets.push(key.accessKeySecret);
      return { key, regionId: key.regionId };
    },
    phases: (target) => {
      if (target.worldUrl === null) return [worldFree];
      // A replay runs the property its path names; otherwise the runner skips those --only leaves nothing to judge.
      const selected = allProperties.filter((p) => replay === undefined || p.id === replay.property);
      if (replay !== undefined && selected.length === 0) {
        throw new HarnessError(
          'USAGE',
          `--path names no property "${replay.property}"; known: ${allProperties.map((p) => p.id).join(', ')}`,
        );
      }
      return [
        ...(replay === undefined && options.skipDocumented !== true ? [documented] : []),
        ...selected.map(propertyPhase),
        shrinks,
        ...(contractsRun ? [contractsPhase(serverRunSkips(only, true))] : []),
      ];
    },
    only: replay === undefined ? only : null,
    onProgress: options.onProgress,
  });
  const { ledger, target, origin } = run;
  const skips = serverRunSkips(only, target.worldUrl !== null);
  if (requestIds !== undefined && (only === null || only.has('OK-2')))
    ledger.record(requestIds.outcomes(), {
      source: 'run:request-ids',
      reproduce: (rule) => rerun(rule, 'RequestIds across the run'),
    });

  const report: Report = {
    ...finishReport({
      command: 'verify',
      target: targetLabel(options.target, origin, options.emulator?.fault),
      startedAt,
      ledger,
      skips,
      strict: options.strict === true,
      expectations: options.expectations,
      seed,
      runs,
      only,
      worldControl: target.worldUrl !== null,
      requests: run.requests,
      inconclusiveRequests: run.inconclusive,
      aborted: run.refused,
      ...(shard === undefined ? {} : { runExtra: { shard: `${shard.index}/${shard.count}` } }),
    }),
    ...(contracts === undefined || contracts.length === 0 ? {} : { contracts }),
  };
  const final = answers === undefined ? report : withAnswers(report, answers);
  const cases = collectCaseFiles(
    final.rules,
    ledger,
    contractFailures.map(({ rule, interaction, consumer, outcome, steps }) => ({
      rule,
      steps,
      failure: {
        title: outcome.title,
        expected: outcome.expected,
        received: outcome.received,
        // Each consumer's pact sends its own encoding of the interaction: one case file each.
        source: `contract:${interaction} (consumer ${consumer})`,
      },
    })),
    { target: final.target, foundAt: final.startedAt },
  );
  return { report: final, secrets, cases };
}

/** A report without case files: a replay keeps no counterexamples of its own. */
async function withCases(result: Promise<{ report: Report; secrets: string[] }>): Promise<VerifyResult> {
  return { ...(await result), cases: [] };
}

/** `--case` / `--cases`: the other ways of choosing what to send are usage errors beside them. */
function replayCases(options: VerifyOptions) {
  const clashing = (['seed', 'path', 'runs', 'shard', 'replay', 'skipDocumented'] as const).filter(
    (name) => options[name] !== undefined,
  );
  if (clashing.length > 0) {
    throw new HarnessError(
      'USAGE',
      `--case and --cases replay case files: they take no ${clashing.map((n) => `--${n === 'skipDocumented' ? 'skip-documented' : n}`).join(', ')}`,
    );
  }
  return verifyCases({
    ...definedOnly({ cases: options.cases, casesDir: options.casesDir }),
    ...replayOptions(options),
  });
}

/** What `--replay` and `--case` take of verify's options: the target, the selection, the bounds, the mode. */
function replayOptions(options: VerifyOptions) {
  return {
    ...definedOnly({
      target: options.target,
      worldUrl: options.worldUrl,
      region: options.region,
      only: options.only,
      expectations: options.expectations,
      emulator: options.emulator,
      env: options.env,
      onProgress: options.onProgress,
      maxResponseBytes: options.maxResponseBytes,
      responseTimeoutMs: options.responseTimeoutMs,
    }),
    strict: options.strict === true,
  };
}

/** Credentials and region for a target without world control (target-protocol §1); missing ones are exit 2. */
function credentials(env: Readonly<Record<string, string | undefined>>, region: string | undefined) {
  const hint =
    'the target has no world control: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET and pass --region';
  const key = environmentCredentials(env, hint);
  if (!region) throw new HarnessError('CONFIG', hint);
  return { ...key, regionId: region };
}
