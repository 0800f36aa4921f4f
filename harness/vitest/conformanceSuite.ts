import { beforeAll, describe, it } from 'vitest';
import {
  type ClientAdapter,
  type Expectation,
  type Report,
  readExpectations,
  rules,
  sdkWithSecrets,
  type VerifyOptions,
  verifyWithSecrets,
  writeReports,
} from '../index.ts';
import { definedOnly } from '../util/definedOnly.ts';
import { ruleTestOutcome, runProblem } from './ruleTestOutcome.ts';

/**
 * Options of {@link describeConformance}. Without `adapter` or `testee` it runs `verify` (a server: `target`,
 * or the bundled reference emulator); with either, it runs `sdk` (a client). The rest are the commands' own
 * options (target-protocol §4).
 */
export type ConformanceSuiteOptions = {
  /** The `describe` block's title (default: `DetachKeyPair conformance: <what is judged>`). */
  title?: string;
  /** `verify`: the target's origin; absent, the bundled reference emulator is started for the run. */
  target?: string;
  /** `verify`: the world URL (default `<target>/_conformance/world`). */
  worldUrl?: string;
  /** `verify` without world control: the region probed (credentials from `env`). */
  region?: string;
  /** `verify`: the bundled emulator's fault and profile (ignored with `target`). */
  emulator?: VerifyOptions['emulator'];
  /** `verify`: replay the Pact contracts as a last phase (default true, with world control). */
  contracts?: boolean;
  /** `sdk`: an adapter module (a path or a package name, resolved from `cwd`) or an adapter object. */
  adapter?: string | ClientAdapter;
  /** `sdk`: a testee command speaking JSON lines (target-protocol §3), run through `sh -c` in `cwd`. */
  testee?: string;
  /** `sdk`: where `adapter` and `testee` are resolved and run (default `process.cwd()`). */
  cwd?: string;
  /** Runs per property (default 100). */
  runs?: number;
  /** The seed (default random: every failure prints the seed and a command that replays it). */
  seed?: number;
  /** Whole rule IDs or family names, comma-separated (`OK,AU-3`); the other rules' tests are skipped. */
  only?: string;
  /** SHOULD failures fail instead of warning. */
  strict?: boolean;
  /** Known failures: an expectations file (`{"failures": [...]}`) or its entries. */
  expectations?: string | readonly Expectation[];
  /** Also write `report.json`, `junit.xml` and `report.html` here. */
  reportDir?: string;
  /** Where credentials are read without world control (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Called with the report once the run is over, before any rule's test runs. */
  onReport?: (report: Report) => void | Promise<void>;
  /** The run's timeout in ms (vitest's `beforeAll` timeout; default 10 minutes). */
  timeout?: number;
};

const defaultTimeoutMs = 10 * 60 * 1000;

function describedTarget(options: ConformanceSuiteOptions): string {
  if (options.testee !== undefined) return `testee "${options.testee}"`;
  if (options.adapter !== undefined)
    return typeof options.adapter === 'string' ? `adapter ${options.adapter}` : 'in-process adapter';
  return options.target ?? 'the bundled reference emulator';
}

function testName(rule: (typeof rules)[number]): string {
  const statement = rule.statement.length > 100 ? `${rule.statement.slice(0, 99)}…` : rule.statement;
  return `${rule.id} (${rule.level}) ${statement}`;
}

async function run(options: ConformanceSuiteOptions): Promise<Report> {
  const expectations =
    typeof options.expectations === 'string'
      ? await readExpectations(options.expectations)
      : options.expectations;
  const common = definedOnly({
    runs: options.runs,
    seed: options.seed,
    only: options.only,
    strict: options.strict,
    expectations,
  });
  const client = options.adapter !== undefined || options.testee !== undefined;
  const { report, secrets } = client
    ? await sdkWithSecrets({
        ...common,
        ...definedOnly({ adapter: options.adapter, testee: options.testee, cwd: options.cwd }),
      })
    : await verifyWithSecrets({
        ...common,
        ...definedOnly({
          target: options.target,
          worldUrl: options.worldUrl,
          region: options.region,
          emulator: options.emulator,
          contracts: options.contracts,
          env: options.env,
        }),
      });
  if (options.reportDir !== undefined) await writeReports(report, options.reportDir, secrets);
  await options.onReport?.(report);
  return report;
}

/**
 * Registers a DetachKeyPair conformance run in the calling vitest file: one `describe` block whose
 * `beforeAll` runs `verify` (or `sdk`, with `adapter` or `testee`) once, and one test per rule of the
 * registry, in file order. A rule that passes or reports passes; a SHOULD warning, or a failure the
 * expectations list, passes and logs it (`console.warn`); a skipped rule is skipped with the report's
 * reason; a failure fails with expected, received, the counterexample, the seed and the reproduction
 * command; an errored check fails. A last test fails when the run as a whole was inconclusive (a refused
 * World, too many inconclusive requests). A run that cannot start (a bad option, an unreachable target)
 * fails the `beforeAll`, and with it every test.
 *
 * @example
 * ```ts
 * // conformance.test.ts
 * import { describeConformance } from 'detach-key-pair-conformance/vitest';
 * describeConformance({ adapter: './conformance/adapter.js', runs: 200 });
 * ```
 */
export function describeConformance(options: ConformanceSuiteOptions = {}): void {
  describe(options.title ?? `DetachKeyPair conformance: ${describedTarget(options)}`, () => {
    let report: Report | undefined;
    beforeAll(async () => {
      report = await run(options);
    }, options.timeout ?? defaultTimeoutMs);

    const reported = (): Report => {
      if (report === undefined)
        throw new Error('the conformance run did not finish (see the beforeAll error)');
      return report;
    };

    for (const rule of rules) {
      it(testName(rule), (context) => {
        const outcome = ruleTestOutcome(reported(), rule.id);
        switch (outcome.kind) {
          case 'pass':
            return;
          case 'warn':
            console.warn(outcome.message);
            return;
          case 'skip':
            return context.skip(outcome.reason);
          case 'fail':
            throw new Error(outcome.message);
        }
      });
    }

    it('the run is conclusive (no refused World, at most 10% inconclusive requests)', () => {
      const problem = runProblem(reported());
      if (problem !== undefined) throw new Error(problem);
    });
  });
}
