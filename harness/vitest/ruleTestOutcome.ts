import { formatFailure } from '../reports/formatFailure.ts';
import type { Report } from '../reports/Report.ts';
import type { RuleId } from '../spec/rules.ts';

/**
 * What one rule's test does with the rule's verdict: pass quietly, pass with a warning to log, skip with
 * the report's reason, or fail with the whole failure (title, expected, received, counterexample, seed,
 * path and the reproduction command).
 */
export type RuleTestOutcome =
  | { kind: 'pass' }
  | { kind: 'warn'; message: string }
  | { kind: 'skip'; reason: string }
  | { kind: 'fail'; message: string };

/**
 * Maps a rule's verdict in `report` to its test (target-protocol §4, as JUnit maps it): `pass` and `report`
 * pass; `warn` passes with the SHOULD failure to log; `skip` skips with its reason; `fail` fails with the
 * failure — unless an expectations entry lists it, when it passes with a warning; `error` (a check threw)
 * fails. A rule whose expectations entry now passes (a stale expectation) fails, as it fails the run.
 */
export function ruleTestOutcome(report: Report, id: RuleId): RuleTestOutcome {
  const verdict = report.rules.find((r) => r.id === id);
  if (verdict === undefined) return { kind: 'fail', message: `${id} is missing from the report` };
  const stale = report.staleExpectations?.find((s) => s.rule === id);
  if (stale !== undefined) {
    return {
      kind: 'fail',
      message: `${id} now passes, but the expectations file lists it as a known failure (${stale.reason || 'no reason given'}): remove the entry`,
    };
  }
  const failure = verdict.failure === undefined ? '' : `\n${formatFailure(verdict.failure)}`;
  switch (verdict.status) {
    case 'pass':
    case 'report':
      return { kind: 'pass' };
    case 'skip':
      return { kind: 'skip', reason: verdict.reason ?? 'skipped' };
    case 'warn':
      return { kind: 'warn', message: `${id} ${verdict.level} warn: ${failure.trimStart()}` };
    case 'error':
      return {
        kind: 'fail',
        message: `${id} error: ${verdict.reason ?? 'a check threw'}${failure}`,
      };
    case 'fail':
      if (verdict.expected === true) {
        return {
          kind: 'warn',
          message: `${id} fails as the expectations file says (${verdict.expectationReason || 'no reason given'}):${failure}`,
        };
      }
      return { kind: 'fail', message: `${id} ${verdict.level} fail: ${failure.trimStart()}` };
  }
}

/**
 * Whether the run as a whole was conclusive, beyond its rules: a World the target refused (the run stopped
 * early) or more than 10% inconclusive requests make it inconclusive (exit 3) even when no rule failed or
 * errored. `undefined` when it was conclusive, or when a rule's own test already says why not.
 */
export function runProblem(report: Report): string | undefined {
  if (report.verdict !== 'inconclusive') return undefined;
  if (report.rules.some((r) => r.status === 'error')) return undefined;
  const { aborted, requests, inconclusiveRequests } = report.run;
  if (aborted !== undefined) return `the run stopped early: ${aborted}`;
  return `the run is inconclusive: ${inconclusiveRequests} of ${requests} requests were inconclusive (transport failures, or throttling and 503 after retries)`;
}
