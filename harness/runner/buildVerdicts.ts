import type { RuleVerdict } from '../reports/Report.ts';
import { type RuleId, rules } from '../spec/rules.ts';
import type { RuleLedger } from './RuleLedger.ts';

/** Why a rule was not judged at all, decided before the run (by `--only`, the command, world control). */
export type SkipReasons = ReadonlyMap<RuleId, string>;

/**
 * One verdict per rule of the registry, in registry order (target-protocol §4): a rule skipped up front
 * keeps its reason; a check error is `error`; a MUST-clause failure `fail`; a SHOULD-clause failure
 * `warn` (`fail` under `--strict`); REPORT rules with observations `report`; no conclusive case `skip`.
 */
export function buildVerdicts(ledger: RuleLedger, skips: SkipReasons, strict: boolean): RuleVerdict[] {
  const tallies = new Map(ledger.entries());
  return rules.map((rule): RuleVerdict => {
    const base = { id: rule.id, level: rule.level, statement: rule.statement };
    const skip = skips.get(rule.id);
    const t = tallies.get(rule.id);
    if (skip !== undefined) return { ...base, status: 'skip', cases: 0, reason: skip };
    if (t === undefined)
      return { ...base, status: 'skip', cases: 0, reason: 'no conclusive case exercised this rule' };
    const observed = t.observed.size > 0 ? { observed: [...t.observed].sort() } : {};
    if (t.error !== undefined)
      return { ...base, status: 'error', cases: t.cases, reason: `a check threw: ${t.error}`, ...observed };
    if (t.mustFailure !== undefined)
      return { ...base, status: 'fail', cases: t.cases, failure: t.mustFailure, ...observed };
    if (t.shouldFailure !== undefined) {
      return {
        ...base,
        status: strict ? 'fail' : 'warn',
        cases: t.cases,
        failure: t.shouldFailure,
        ...observed,
      };
    }
    if (rule.level === 'REPORT') {
      return t.observed.size > 0
        ? { ...base, status: 'report', cases: t.cases, ...observed }
        : {
            ...base,
            status: t.passes > 0 ? 'pass' : 'skip',
            cases: t.cases,
            ...(t.passes > 0 ? {} : { reason: 'no behaviour observed' }),
          };
    }
    if (t.cases === 0)
      return {
        ...base,
        status: 'skip',
        cases: 0,
        reason: t.skipReason ?? 'no conclusive case exercised this rule',
      };
    return { ...base, status: 'pass', cases: t.cases, ...observed };
  });
}
