import type { Report, RuleStatus, RuleVerdict } from './Report.ts';
import { applyExpectations, type Expectation, summarise } from './summarise.ts';

// Which status wins when shards disagree: a failure anywhere fails the merged rule.
const precedence: readonly RuleStatus[] = ['fail', 'error', 'warn', 'report', 'pass', 'skip'];

/**
 * Combines the reports of `verify --shard i/n` runs into one (target-protocol §4, `merge-reports`): per
 * rule, cases add up, the worst status wins (fail, error, warn, report, pass, skip), the first failure
 * found is kept, observations are united; then `--expectations` are applied, here and only here.
 * Every shard must come from the same command and seed (a bundled emulator has a new port per shard).
 */
export function mergeReports(
  shards: readonly Report[],
  options: { strict?: boolean; expectations?: readonly Expectation[] } = {},
): Report {
  const [first] = shards;
  if (first === undefined) throw new Error('merge-reports needs at least one report');
  for (const shard of shards) {
    if (shard.rulesVersion !== first.rulesVersion) {
      throw new Error(
        `reports judged by different rules versions (${first.rulesVersion} and ${shard.rulesVersion}): re-run every shard with one suite`,
      );
    }
    if (shard.command !== first.command || shard.run.seed !== first.run.seed) {
      throw new Error(
        `reports do not come from one sharded run: ${shard.command} with seed ${shard.run.seed}`,
      );
    }
  }
  const verdicts = first.rules.map((rule): RuleVerdict => {
    const all = shards
      .map((s) => s.rules.find((r) => r.id === rule.id))
      .filter((r): r is RuleVerdict => r !== undefined);
    const status = precedence.find((p) => all.some((r) => r.status === p)) ?? 'skip';
    const observed = [...new Set(all.flatMap((r) => r.observed ?? []))].sort();
    const failure = all.find((r) => r.status === status && r.failure !== undefined)?.failure;
    const reason = all.find((r) => r.status === status && r.reason !== undefined)?.reason;
    // Expectations are re-applied below, on the merged verdicts only.
    const { expected: _e, expectationReason: _r, failure: _f, reason: _s, observed: _o, ...base } = rule;
    return {
      ...base,
      status,
      cases: all.reduce((sum, r) => sum + r.cases, 0),
      ...(failure === undefined ? {} : { failure }),
      ...(reason === undefined ? {} : { reason }),
      ...(observed.length > 0 ? { observed } : {}),
    };
  });
  const expected = applyExpectations(verdicts, options.expectations ?? []);
  const requests = shards.reduce((sum, s) => sum + s.run.requests, 0);
  const inconclusiveRequests = shards.reduce((sum, s) => sum + s.run.inconclusiveRequests, 0);
  const decided = summarise(expected.verdicts, {
    strict: options.strict ?? first.run.strict,
    inconclusive:
      shards.some((s) => s.verdict === 'inconclusive') ||
      (requests > 0 && inconclusiveRequests / requests > 0.1),
    stale: expected.stale.length,
  });
  const startedAt = shards.map((s) => s.startedAt).sort()[0] ?? first.startedAt;
  const finishedAt =
    shards
      .map((s) => s.finishedAt)
      .sort()
      .at(-1) ?? first.finishedAt;
  const { shard: _shard, ...run } = first.run;
  return {
    ...first,
    startedAt,
    finishedAt,
    verdict: decided.verdict,
    exitCode: decided.exitCode,
    summary: decided.summary,
    rules: decided.rules,
    run: {
      ...run,
      requests,
      inconclusiveRequests,
      durationMs: shards.reduce((max, s) => Math.max(max, s.run.durationMs), 0),
    },
    ...(expected.stale.length > 0 ? { staleExpectations: expected.stale } : {}),
  };
}
