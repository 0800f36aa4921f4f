import type { Report } from '../reports/Report.ts';
import { applyExpectations, type Expectation, summarise } from '../reports/summarise.ts';
import { type RuleId, rulesVersion } from '../spec/rules.ts';
import { definedOnly } from '../util/definedOnly.ts';
import { buildVerdicts, type SkipReasons } from './buildVerdicts.ts';
import type { RuleLedger } from './RuleLedger.ts';
import { suiteVersion } from './suiteVersion.ts';

/** Everything a command knows when its run ends. */
export type FinishInput = {
  command: Report['command'];
  target: string;
  startedAt: Date;
  ledger: RuleLedger;
  skips: SkipReasons;
  strict: boolean;
  expectations?: readonly Expectation[] | undefined;
  seed: number;
  runs: number;
  only: ReadonlySet<RuleId> | null;
  worldControl: boolean;
  requests: number;
  inconclusiveRequests: number;
  /** Why the run stopped early (a refused World): inconclusive unless something failed. */
  aborted?: string | undefined;
  /** Share of inconclusive requests above which the run is inconclusive (target-protocol §4: 10%). */
  inconclusiveShare?: number;
  /** Extra `run` fields (`shard`). */
  runExtra?: Partial<Report['run']>;
};

/**
 * Turns a finished run into its report, the same way for every command (target-protocol §4): one verdict
 * per rule, expectations applied (a listed rule that passes is stale and fails the run), the exit code by
 * precedence 1 (failure) → 3 (inconclusive: a check threw, a World refused, too many inconclusive
 * requests) → 0.
 */
export function finishReport(input: FinishInput): Report {
  const verdicts = buildVerdicts(input.ledger, input.skips, input.strict);
  const expected = applyExpectations(verdicts, input.expectations ?? []);
  const share = input.inconclusiveShare ?? 0.1;
  const tooManyInconclusive = input.requests > 0 && input.inconclusiveRequests / input.requests > share;
  const decided = summarise(expected.verdicts, {
    strict: input.strict,
    inconclusive: input.aborted !== undefined || tooManyInconclusive,
    stale: expected.stale.length,
  });
  const finishedAt = new Date();
  return {
    schemaVersion: 1,
    suiteVersion,
    rulesVersion,
    command: input.command,
    target: input.target,
    startedAt: input.startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    verdict: decided.verdict,
    exitCode: decided.exitCode,
    summary: decided.summary,
    rules: decided.rules,
    run: {
      seed: input.seed,
      runs: input.runs,
      strict: input.strict,
      ...(input.only === null ? {} : { only: [...input.only] }),
      worldControl: input.worldControl,
      requests: input.requests,
      inconclusiveRequests: input.inconclusiveRequests,
      durationMs: finishedAt.getTime() - input.startedAt.getTime(),
      ...definedOnly({ aborted: input.aborted }),
      ...input.runExtra,
    },
    ...(expected.stale.length > 0 ? { staleExpectations: expected.stale } : {}),
  };
}
