import { type RuleId, type RuleLevel, rules } from '../spec/rules.ts';
import type { Report, RuleVerdict } from './Report.ts';
import { summarise } from './summarise.ts';

/**
 * The verdict a test report gives a rule by default, from the registry alone: MUST and SHOULD rules pass,
 * REPORT rules report one observed behaviour, client (`CL`) rules are skipped as `verify` would skip them.
 */
export function defaultVerdict(rule: (typeof rules)[number]): RuleVerdict {
  if (rule.family === 'CL') {
    return {
      id: rule.id,
      level: rule.level,
      status: 'skip',
      cases: 0,
      reason: 'client rules are judged by sdk',
    };
  }
  if (rule.level === 'REPORT') {
    return { id: rule.id, level: rule.level, status: 'report', cases: 3, observed: ['first choice'] };
  }
  return { id: rule.id, level: rule.level, status: 'pass', cases: 10 };
}

/** The first rule of the registry at `level`, so tests pick real rules without naming IDs that may move. */
export function firstRuleAt(level: RuleLevel): RuleId {
  const rule = rules.find((candidate) => candidate.level === level && candidate.family !== 'CL');
  if (rule === undefined) throw new Error(`the registry has no ${level} rule`);
  return rule.id;
}

/** Options of {@link buildTestReport}. */
export type TestReportOptions = {
  /** Per-rule changes on top of {@link defaultVerdict}. */
  overrides?: Partial<Record<RuleId, Partial<RuleVerdict>>>;
  strict?: boolean;
  inconclusive?: boolean;
  staleExpectations?: { rule: RuleId; reason: string }[];
};

/**
 * A complete, consistent `Report` for tests of the report writers: every rule of the registry appears once
 * (so tests stay in step with the registry), with `overrides` applied and summary, verdict and exit code
 * computed by `summarise`. Not for production use.
 */
export function buildTestReport(options: TestReportOptions = {}): Report {
  const verdicts = rules.map((rule) => ({ ...defaultVerdict(rule), ...options.overrides?.[rule.id] }));
  const strict = options.strict ?? false;
  const stale = options.staleExpectations ?? [];
  const decided = summarise(verdicts, {
    strict,
    inconclusive: options.inconclusive ?? false,
    stale: stale.length,
  });
  return {
    schemaVersion: 1,
    suiteVersion: '0.1.0',
    rulesVersion: 2,
    command: 'verify',
    target: 'http://127.0.0.1:4000',
    startedAt: '2026-11-28T10:00:00Z',
    finishedAt: '2026-11-28T10:00:07Z',
    verdict: decided.verdict,
    exitCode: decided.exitCode,
    summary: decided.summary,
    rules: decided.rules,
    run: {
      seed: 1234,
      runs: 100,
      strict,
      worldControl: true,
      requests: 800,
      inconclusiveRequests: 0,
      durationMs: 7250,
    },
    ...(stale.length > 0 ? { staleExpectations: stale } : {}),
  };
}
