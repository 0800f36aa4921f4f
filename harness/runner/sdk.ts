import { randomBytes, randomInt } from 'node:crypto';
import { fixedClientCases } from '../../fixtures/clients/fixedClientCases.ts';
import { clientProperties } from '../../properties/clients/index.ts';
import type { CheckOutcome } from '../checks/CheckOutcome.ts';
import type { ClientAdapter, ClientUnderTest } from '../clients/ClientUnderTest.ts';
import { adapterClient, loadAdapter } from '../clients/loadAdapter.ts';
import { type StubServer, startStubServer } from '../clients/stubServer.ts';
import { startTestee } from '../clients/testeeProcess.ts';
import type { Report } from '../reports/Report.ts';
import type { Expectation } from '../reports/summarise.ts';
import { expandRuleSelection, type RuleId, rules } from '../spec/rules.ts';
import { type ClientContext, runClientCase } from '../suite/runClientCase.ts';
import { definedOnly } from '../util/definedOnly.ts';
import { HarnessError } from '../util/HarnessError.ts';
import { finishReport } from './finishReport.ts';
import { reproduceCommand, sdkRunCommand } from './reproduceCommand.ts';
import { type Opened, type Phase, runLifecycle } from './runPhases.ts';
import { type PendingShrinks, runPendingShrinks, runProperty } from './runProperty.ts';
import { parsePath, type ResponseBounds } from './runSetup.ts';

/** Progress events for reporters (the terminal reporter's shape). */
export type SdkProgress = { phase: string; done: number; total?: number; failures: number };

/** Options of {@link sdk}: the library form of `dkp-conformance sdk` (target-protocol §3, §4). */
export type SdkOptions = {
  /**
   * `--adapter`: a path to a JS/TS module or a package name resolvable from `cwd`, whose default export has
   * `detachKeyPair(call)`; or, from the library, an adapter object itself.
   */
  adapter?: string | ClientAdapter;
  /** `--testee`: a command run through `sh -c`, speaking JSON lines on stdin/stdout. */
  testee?: string;
  /** Runs per property (default 100; the error and unknown-field properties take half). */
  runs?: number;
  seed?: number;
  /** `<property>:<fast-check path>`: replay one counterexample (requires `seed`). */
  path?: string;
  strict?: boolean;
  /** `--only`: whole rule IDs or family names, comma-separated. */
  only?: string;
  expectations?: readonly Expectation[];
  /** Per-call timeout (default 30 s, target-protocol §3; `--response-timeout`). */
  callTimeoutMs?: number;
  /** `--max-response-bytes`: the longest testee output line read (default 1 MiB); a longer reply is inconclusive. */
  maxResponseBytes?: number;
  /** Where `--adapter` and `--testee` are resolved and run (default `process.cwd()`). */
  cwd?: string;
  onProgress?: (event: SdkProgress) => void;
};

/** What `sdk` hands back: the report, and the secrets the report writer must refuse to write. */
export type SdkResult = { report: Report; secrets: string[] };

/** Reason given for every rule `sdk` cannot judge. */
export const serverRulesReason = 'server rules are judged by verify';

/** The rules every call judges, whatever it served. */
const requestRules: readonly RuleId[] = ['CL-1', 'CL-2', 'CL-3', 'CL-4'];

/** What the phases of an sdk run share: the client, its stub server and the run's credentials. */
type ClientResources = { context: ClientContext };

/** More than this share of inconclusive calls makes the run inconclusive (target-protocol §4). */
const inconclusiveShare = 0.1;

function redact<T>(value: T, secret: string): T {
  if (typeof value === 'string') return value.split(secret).join('<secret>') as T;
  if (Array.isArray(value)) return value.map((v) => redact(v, secret)) as T;
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, secret)])) as T;
  return value;
}

/**
 * Judges a client (consumer side, CL-1..CL-8): points it at a loopback stub, runs the fixed cases (the
 * reference's samples, the error catalogue, unknown fields) and the client properties (generated inputs
 * and responses, fast-check, with seed, path and shrinking), and judges every request it sent and every
 * reply it gave. Every other rule is `skip` with {@link serverRulesReason}. Usage and configuration
 * problems throw `HarnessError` (exit 2); the client's faults are in the report.
 */
export async function sdk(options: SdkOptions): Promise<SdkResult> {
  const startedAt = new Date();
  if ((options.adapter === undefined) === (options.testee === undefined))
    throw new HarnessError('USAGE', 'sdk needs exactly one of --adapter MODULE or --testee "COMMAND"');
  const runs = options.runs ?? 100;
  if (!Number.isInteger(runs) || runs < 1)
    throw new HarnessError('USAGE', `--runs must be a positive integer, got ${runs}`);
  if (options.path !== undefined && options.seed === undefined)
    throw new HarnessError('USAGE', '--path requires --seed');
  const seed = options.seed ?? randomInt(1, 2 ** 31 - 1);
  let only: Set<RuleId> | null = null;
  if (options.only !== undefined) {
    const selection = expandRuleSelection(options.only);
    if (!selection.ok)
      throw new HarnessError('USAGE', `--only: unknown rule or family: ${selection.unknown.join(', ')}`);
    only = new Set(selection.ids);
  }
  const replay = options.path === undefined ? undefined : parsePath(options.path);
  if (replay !== undefined && !clientProperties.some((p) => p.id === replay.property)) {
    throw new HarnessError(
      'USAGE',
      `--path names no property "${replay.property}"; known: ${clientProperties.map((p) => p.id).join(', ')}`,
    );
  }
  if (options.testee !== undefined && options.testee.trim() === '')
    throw new HarnessError('USAGE', '--testee needs a command');
  const cwd = options.cwd ?? process.cwd();

  // Fresh credentials per run, never derived from the seed: the report must never carry the secret.
  const credentials = {
    accessKeyId: 'LTAI5tSdkConformance',
    accessKeySecret: `sdk-conformance-${randomBytes(12).toString('base64url')}`,
  };
  const secret = credentials.accessKeySecret;
  let strays = 0;
  // What the run opens, given its response bounds: the client, each call within --response-timeout and a
  // testee's replies within --max-response-bytes, and the loopback stub it is pointed at.
  const open = async (bounds: ResponseBounds): Promise<Opened<ClientResources>> => {
    const callTimeoutMs = bounds.responseTimeoutMs ?? 30_000;
    let client: ClientUnderTest;
    if (options.testee !== undefined) {
      client = startTestee(options.testee, {
        callTimeoutMs,
        cwd,
        ...definedOnly({ maxLineBytes: bounds.maxResponseBytes }),
      });
    } else if (typeof options.adapter === 'string') {
      client = await loadAdapter(options.adapter, { cwd, callTimeoutMs });
    } else {
      client = adapterClient(options.adapter as ClientAdapter, 'in-process adapter', { callTimeoutMs });
    }
    let stub: StubServer;
    try {
      stub = await startStubServer();
    } catch (error) {
      await client.close();
      throw error;
    }
    return {
      resources: { context: { client, stub, credentials, nonces: new Set(), calls: 0 } },
      close: async () => {
        strays = stub.strays();
        await client.close();
        await stub.close();
      },
    };
  };

  const skips = new Map<RuleId, string>();
  for (const rule of rules) {
    if (rule.family !== 'CL') skips.set(rule.id, serverRulesReason);
    else if (only !== null && !only.has(rule.id)) skips.set(rule.id, 'excluded by --only');
  }
  const keep = (outcomes: readonly CheckOutcome[]) =>
    redact(
      outcomes.filter((o) => o.rule.startsWith('CL-') && (only === null || only.has(o.rule))),
      secret,
    );
  // Every reproduction names this run's client and mode (reproduceCommand.ts).
  const command = sdkRunCommand(options);
  const reproduce = (rule: RuleId, path: string) =>
    reproduceCommand(command, ['--seed', String(seed), '--path', path, '--only', rule]);

  // Every call is judged by CL-1..CL-4, so a fixed case matters whenever one of those is selected.
  const cases = fixedClientCases.filter(
    (c) => only === null || [...requestRules, ...c.rules].some((r) => only?.has(r)),
  );
  const fixed: Phase<ClientResources> = {
    name: 'fixed cases',
    rules: [...new Set([...requestRules, ...cases.flatMap((c) => c.rules)])],
    run: async ({ context, ledger, progress }) => {
      const totals = { requests: 0, inconclusive: 0 };
      let done = 0;
      for (const fixed of cases) {
        const run = await runClientCase(context, fixed.clientCase);
        totals.requests += run.requests;
        totals.inconclusive += run.inconclusive;
        ledger.record(keep(run.outcomes), {
          source: `case:${fixed.name}`,
          counterexample: redact(
            { case: fixed.name, description: fixed.description, ...fixed.clientCase },
            secret,
          ),
          reproduce: (rule) =>
            reproduceCommand(
              command,
              [
                '--seed',
                String(seed),
                ...(options.runs === undefined ? [] : ['--runs', String(runs)]),
                '--only',
                rule,
              ],
              `fixed case ${fixed.name}`,
            ),
        });
        progress(++done, cases.length);
      }
      return totals;
    },
  };
  // A replay runs the property its path names; otherwise the runner skips those --only leaves nothing to judge.
  const selected = clientProperties.filter((p) => replay === undefined || p.id === replay.property);
  // Shrinks run once every property has run: a rule that fails in several shrinks where it counts.
  const pendingShrinks: PendingShrinks = new Map();
  const propertyPhase = (property: (typeof clientProperties)[number]): Phase<ClientResources> => ({
    name: `property ${property.id}`,
    rules: property.rules,
    run: ({ context, ledger, progress }) => {
      let done = 0;
      return runProperty(
        {
          ...property,
          run: async (ctx, input) => {
            const run = await property.run(ctx, input);
            // A property records only the rules it names (see clientProperties).
            const outcomes = run.outcomes.filter((o) => property.rules.includes(o.rule));
            return { ...run, outcomes: redact(outcomes, secret) };
          },
        },
        context,
        {
          seed,
          runs,
          only,
          ledger,
          reproduce,
          ...(replay === undefined ? {} : { path: replay.path }),
          pendingShrinks,
          onRun: () => progress(++done, Math.max(1, Math.round(runs * property.weight))),
        },
      );
    },
  });
  const shrinks: Phase<ClientResources> = {
    name: 'shrinks',
    rules: 'every rule',
    run: async () => {
      await runPendingShrinks(pendingShrinks);
      return { requests: 0, inconclusive: 0 };
    },
  };

  const run = await runLifecycle<ClientResources>({
    bounds: { maxResponseBytes: options.maxResponseBytes, responseTimeoutMs: options.callTimeoutMs },
    open,
    phases: () => [...(replay === undefined ? [fixed] : []), ...selected.map(propertyPhase), shrinks],
    only: replay === undefined ? only : null,
    onProgress: options.onProgress,
  });
  const { client } = run.resources.context;
  const { ledger } = run;

  const log = redact(
    [
      ...client.log(),
      ...(strays > 0
        ? [`stub: ${strays} request(s) arrived outside any call (answered 503 and not judged)`]
        : []),
    ],
    secret,
  );
  const report: Report = {
    ...finishReport({
      command: 'sdk',
      target: client.description,
      startedAt,
      ledger,
      skips,
      strict: options.strict === true,
      expectations: options.expectations,
      seed,
      runs,
      only,
      worldControl: false,
      requests: run.requests,
      inconclusiveRequests: run.inconclusive,
      inconclusiveShare,
    }),
    ...(log.length > 0 ? { clientLog: log } : {}),
  };
  return { report, secrets: [secret] };
}
