import fc from 'fast-check';
import type { CheckOutcome } from '../checks/CheckOutcome.ts';
import type { RuleId } from '../spec/rules.ts';
import type { CaseSteps } from '../suite/CaseSteps.ts';
import type { PropertyDefinition, PropertyRun } from '../suite/PropertyDefinition.ts';
import type { Target } from '../targets/Target.ts';
import type { RuleLedger } from './RuleLedger.ts';

/** Options of {@link runProperty}. */
export type RunPropertyOptions = {
  seed: number;
  runs: number;
  /** A fast-check path to replay (from `--path <id>:<path>`): only that input, then shrinking stops. */
  path?: string;
  /** `--shard I/N`: only the runs whose index is I-1 modulo N (same seed, same split; the union is the whole run). */
  shard?: Shard;
  /** Rules selected by `--only`; outcomes of other rules are dropped. */
  only: ReadonlySet<RuleId> | null;
  ledger: RuleLedger;
  /** Builds the reproduction command for a failure. */
  reproduce: (rule: RuleId, path: string) => string;
  /** Predicate calls allowed per shrink (bounded so a failing target cannot stall the run). */
  shrinkBudget?: number;
  /**
   * Leave the shrinking to the caller: each failing rule's shrink is queued here instead of run at once.
   * A command that runs several properties shrinks a rule only where it counts ({@link runPendingShrinks}).
   */
  pendingShrinks?: PendingShrinks;
  onRun?: (run: PropertyRun) => void;
};

/**
 * Shrinks queued by {@link runProperty} (`pendingShrinks`), per rule in the order the properties ran. Each
 * resolves whether it found a counterexample (and put it in the ledger).
 */
export type PendingShrinks = Map<RuleId, (() => Promise<boolean>)[]>;

/**
 * Runs the queued shrinks with the outcome of running them all in order, at a fraction of the cost: a
 * shrunk counterexample replaces the rule's failure, so the last property's that succeeds is the one a
 * report shows. Per rule, they run from the last queued backwards and stop at the first that succeeds.
 */
export async function runPendingShrinks(pending: PendingShrinks): Promise<void> {
  for (const shrinks of pending.values()) {
    for (let i = shrinks.length - 1; i >= 0; i--) {
      if (await (shrinks[i] as () => Promise<boolean>)()) break;
    }
  }
}

/** One part of a sharded run: `index` is 1-based, as `--shard I/N` writes it. */
export type Shard = { index: number; count: number };

/** Whether the unit at `position` (0-based: a run, a documented case) belongs to `shard`. */
export function inShard(position: number, shard: Shard): boolean {
  return position % shard.count === shard.index - 1;
}

/** What a property contributed: request counts for the inconclusive ratio. */
export type PropertyTotals = { runs: number; requests: number; inconclusive: number };

/**
 * Runs one property: a main pass that records every outcome in the ledger, then, for each rule that
 * failed, a replay from the first failing run's path that shrinks to a minimal counterexample for that
 * rule alone (fast-check `path` replay). The shrunk input, seed and path replace the rule's failure.
 * `target` is whatever the property drives: a server for `verify`, a client context for `sdk`.
 */
export async function runProperty<C = Target>(
  property: PropertyDefinition<unknown, C>,
  target: C,
  options: RunPropertyOptions,
): Promise<PropertyTotals> {
  const totals: PropertyTotals = { runs: 0, requests: 0, inconclusive: 0 };
  const keep = (outcomes: CheckOutcome[]) =>
    options.only === null ? outcomes : outcomes.filter((o) => options.only?.has(o.rule));
  const firstFailure = new Map<RuleId, { index: number; level: 'MUST' | 'SHOULD' }>();
  let index = 0;
  const numRuns = Math.max(1, Math.round(options.runs * property.weight));

  const main = await fc.check(
    fc.asyncProperty(property.arbitrary, async (input) => {
      const at = index++;
      // A replay runs exactly the input its path names: fast-check would go on through the remaining
      // shrink candidates, since this predicate never fails.
      if (options.path !== undefined && at > 0) return true;
      if (options.shard !== undefined && !inShard(at, options.shard)) return true;
      const run = await property.run(target, input);
      totals.runs++;
      totals.requests += run.requests;
      totals.inconclusive += run.inconclusive;
      options.onRun?.(run);
      const outcomes = keep(run.outcomes);
      const path = options.path ?? String(at);
      options.ledger.record(outcomes, {
        source: `property:${property.id}`,
        counterexample: property.show(input),
        seed: options.seed,
        path: `${property.id}:${path}`,
        reproduce: (rule) => options.reproduce(rule, `${property.id}:${path}`),
        ...(run.steps === undefined ? {} : { steps: run.steps }),
      });
      for (const o of outcomes) {
        if (o.status === 'fail' && !firstFailure.has(o.rule))
          firstFailure.set(o.rule, { index: at, level: o.level });
      }
      return true;
    }),
    {
      seed: options.seed,
      numRuns,
      ...(options.path === undefined ? {} : { path: options.path, endOnFailure: true }),
    },
  );
  if (main.failed && main.errorInstance !== undefined && main.errorInstance !== null) {
    // A HarnessError (refused world, unreachable world URL) ends the run: let the runner decide the exit code.
    throw main.errorInstance;
  }

  for (const [rule, first] of firstFailure) {
    const shrink = async (): Promise<boolean> => {
      const failure = await shrinkFor(
        property,
        target,
        rule,
        options.path ?? String(first.index),
        numRuns,
        options,
      );
      if (failure === undefined) return false;
      const path = `${property.id}:${failure.path}`;
      options.ledger.replaceFailure(
        rule,
        first.level,
        {
          title: failure.outcome.title,
          expected: failure.outcome.expected,
          received: failure.outcome.received,
          source: `property:${property.id}`,
          counterexample: property.show(failure.input),
          seed: options.seed,
          path,
          reproduce: options.reproduce(rule, path),
        },
        failure.steps,
      );
      return true;
    };
    if (options.pendingShrinks === undefined) await shrink();
    else options.pendingShrinks.set(rule, [...(options.pendingShrinks.get(rule) ?? []), shrink]);
  }
  return totals;
}

type Failing = Extract<CheckOutcome, { status: 'fail' }>;

async function shrinkFor<C>(
  property: PropertyDefinition<unknown, C>,
  target: C,
  rule: RuleId,
  path: string,
  numRuns: number,
  options: RunPropertyOptions,
): Promise<{ input: unknown; outcome: Failing; path: string; steps: CaseSteps | undefined } | undefined> {
  let calls = 0;
  let last: { input: unknown; outcome: Failing; steps: CaseSteps | undefined } | undefined;
  const budget = options.shrinkBudget ?? 200;
  const details = await fc.check(
    fc.asyncProperty(property.arbitrary, async (input) => {
      // The budget spent: stop the walk through the remaining shrink candidates at once (a precondition
      // failure that interrupts), keeping the smallest failure found so far. Returning `true` instead would
      // let fast-check build every remaining candidate first, which for a 50-ID input is most of the time
      // a failing property takes.
      if (calls++ >= budget) throw new fc.PreconditionFailure(true);
      let run: PropertyRun;
      try {
        run = await property.run(target, input);
      } catch {
        return true; // a harness failure while shrinking keeps the best counterexample so far
      }
      const outcome = run.outcomes.find((o): o is Failing => o.rule === rule && o.status === 'fail');
      if (outcome === undefined) return true;
      last = { input, outcome, steps: run.steps };
      return false;
    }),
    { seed: options.seed, numRuns, path },
  );
  if (!details.failed || last === undefined) return undefined;
  return { ...last, path: details.counterexamplePath ?? path };
}
