import type { RuleId } from '../spec/rules.ts';
import type { Report, RuleVerdict } from './Report.ts';

/** Options of {@link summarise}. */
export type SummariseOptions = {
  /** `--strict`: a SHOULD failure is `fail`, not `warn`. */
  strict: boolean;
  /**
   * An exit-3 condition the runner decided (target or world URL unreachable before the first case, a World
   * refused with no failure, more than 10% inconclusive requests): inconclusive unless something failed.
   */
  inconclusive?: boolean;
  /** How many `--expectations` entries now pass; any makes the run nonconformant. */
  stale?: number;
};

/** What {@link summarise} decides for a run. */
export type RunSummary = {
  summary: Report['summary'];
  verdict: Report['verdict'];
  exitCode: 0 | 1 | 3;
  /** The verdicts with SHOULD failures set to `warn`, or `fail` under strict; what the report lists. */
  rules: RuleVerdict[];
};

/** One `--expectations` entry: a rule expected to fail, and why. */
export type Expectation = { rule: RuleId; reason: string };

/**
 * Gives a SHOULD-level failure its status under target-protocol §4: `warn`, or `fail` under `--strict`.
 * Other levels are returned unchanged. A SHOULD failure made `warn` drops any `expected` mark, since
 * only a `fail` can be expected. Idempotent.
 */
export function applyStrictness(verdict: RuleVerdict, strict: boolean): RuleVerdict {
  if (verdict.level !== 'SHOULD') return verdict;
  if (strict && verdict.status === 'warn') return { ...verdict, status: 'fail' };
  if (!strict && verdict.status === 'fail') {
    const { expected: _expected, expectationReason: _reason, ...rest } = verdict;
    return { ...rest, status: 'warn' };
  }
  return verdict;
}

/**
 * Counts rules by status and decides the verdict and exit code with target-protocol §4's precedence
 * (2 is the CLI's, before anything runs): exit 1 `nonconformant` when a `fail` is not marked `expected` or
 * an expectation is stale; else exit 3 `inconclusive` when a rule is `error` or the runner says so; else
 * exit 0 `conformant`. SHOULD failures are first given their level's status ({@link applyStrictness}).
 */
export function summarise(verdicts: RuleVerdict[], options: SummariseOptions): RunSummary {
  const rules = verdicts.map((verdict) => applyStrictness(verdict, options.strict));
  const summary: Report['summary'] = { passed: 0, failed: 0, warned: 0, skipped: 0, reported: 0, errored: 0 };
  let unexpectedFailures = 0;
  for (const rule of rules) {
    switch (rule.status) {
      case 'pass':
        summary.passed += 1;
        break;
      case 'fail':
        summary.failed += 1;
        if (rule.expected !== true) unexpectedFailures += 1;
        break;
      case 'warn':
        summary.warned += 1;
        break;
      case 'skip':
        summary.skipped += 1;
        break;
      case 'report':
        summary.reported += 1;
        break;
      case 'error':
        summary.errored += 1;
        break;
    }
  }
  if (unexpectedFailures > 0 || (options.stale ?? 0) > 0) {
    return { summary, verdict: 'nonconformant', exitCode: 1, rules };
  }
  if (summary.errored > 0 || options.inconclusive === true) {
    return { summary, verdict: 'inconclusive', exitCode: 3, rules };
  }
  return { summary, verdict: 'conformant', exitCode: 0, rules };
}

/**
 * Applies an `--expectations` list (target-protocol §4, protobuf-style failure lists): a listed rule whose
 * status is `fail` stays `fail` with `expected: true` and the entry's reason, so it no longer changes the
 * verdict; a listed rule whose status is `pass` is stale and returned in `stale` (pass its count to
 * {@link summarise}: it fails the run); `warn`, `report`, `skip` and `error` are left alone.
 * Call it after {@link applyStrictness}, so that a SHOULD failure under `--strict` can be expected.
 * When a rule is listed twice, the first entry's reason is used.
 */
export function applyExpectations(
  verdicts: RuleVerdict[],
  expectations: readonly Expectation[],
): { verdicts: RuleVerdict[]; stale: Expectation[] } {
  const reasons = new Map<string, string>();
  for (const entry of expectations) {
    if (!reasons.has(entry.rule)) reasons.set(entry.rule, entry.reason);
  }
  const stale: Expectation[] = [];
  const out = verdicts.map((verdict): RuleVerdict => {
    const reason = reasons.get(verdict.id);
    if (reason === undefined) return verdict;
    if (verdict.status === 'fail') return { ...verdict, expected: true, expectationReason: reason };
    if (verdict.status === 'pass') stale.push({ rule: verdict.id, reason });
    return verdict;
  });
  return { verdicts: out, stale };
}
