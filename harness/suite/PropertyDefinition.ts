import type fc from 'fast-check';
import type { CheckOutcome } from '../checks/CheckOutcome.ts';
import type { RuleId } from '../spec/rules.ts';
import type { Target } from '../targets/Target.ts';
import type { CaseSteps } from './CaseSteps.ts';

/** What one property run produced: outcomes to record, and how many requests it took. */
export type PropertyRun = {
  outcomes: CheckOutcome[];
  requests: number;
  /** Requests that ended inconclusive (transport failure, throttling after retries): never pass or fail. */
  inconclusive: number;
  /** What the run sent, when it fits the suite's request model: a failure of it can be kept as a case file. */
  steps?: CaseSteps;
};

/**
 * A property the runner drives against a target: generated inputs (fast-check), one `run` per input that
 * sends requests and returns check outcomes. Runs are deterministic in the seed, so a failure replays
 * from `--seed S --path <id>:<fast-check path>`. `C` is what a run drives: a server `Target` for
 * `verify`, a client context for `sdk`.
 */
export type PropertyDefinition<T = unknown, C = Target> = {
  /** Short, stable, used in `--path` (`detach`, `fm-1`, …). */
  id: string;
  title: string;
  /** The rules this property can judge; `--only` runs a property when it judges a selected rule. */
  rules: readonly RuleId[];
  /** Share of `--runs` this property gets (1 = all of them). */
  weight: number;
  arbitrary: fc.Arbitrary<T>;
  run: (target: C, input: T) => Promise<PropertyRun>;
  /** A report-ready view of an input: the world (secrets removed) and the probe(s). */
  show: (input: T) => unknown;
};

/** Erases a property's input type for tables of properties. */
export function defineProperty<T, C = Target>(
  definition: PropertyDefinition<T, C>,
): PropertyDefinition<unknown, C> {
  return definition as unknown as PropertyDefinition<unknown, C>;
}
