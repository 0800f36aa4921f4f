import type { CheckOutcome } from '../checks/CheckOutcome.ts';
import type { RuleFailure } from '../reports/Report.ts';
import type { RuleId } from '../spec/rules.ts';
import { definedOnly } from '../util/definedOnly.ts';

/** Where an outcome came from: a documented case or a property run. */
export type OutcomeSource = {
  /** `case:<name>` or `property:<id>`. */
  source: string;
  counterexample?: unknown;
  seed?: number;
  path?: string;
  /** The reproduction command, or a function of the failing rule that builds it. */
  reproduce?: string | ((rule: RuleId) => string);
};

/** What the ledger knows about one rule. */
export type RuleTally = {
  cases: number;
  passes: number;
  mustFailure?: RuleFailure;
  shouldFailure?: RuleFailure;
  mustFailures: number;
  shouldFailures: number;
  observed: Set<string>;
  error?: string;
  skipReason?: string;
};

/**
 * Accumulates check outcomes per rule without keeping exchanges: per rule a case count, the first
 * failure of each level with its source, REPORT-level observations and check errors. Memory stays flat
 * in the number of cases.
 */
export class RuleLedger {
  readonly #tallies = new Map<RuleId, RuleTally>();

  /** The tally of a rule, created on first use. */
  tally(rule: RuleId): RuleTally {
    let t = this.#tallies.get(rule);
    if (t === undefined) {
      t = { cases: 0, passes: 0, mustFailures: 0, shouldFailures: 0, observed: new Set() };
      this.#tallies.set(rule, t);
    }
    return t;
  }

  /** Records one exchange's outcomes; each rule counts one case per exchange however many outcomes it got. */
  record(outcomes: readonly CheckOutcome[], source: OutcomeSource): void {
    const seen = new Set<RuleId>();
    for (const outcome of outcomes) {
      const t = this.tally(outcome.rule);
      if (outcome.status !== 'skip' && !seen.has(outcome.rule)) {
        seen.add(outcome.rule);
        t.cases++;
      }
      switch (outcome.status) {
        case 'pass':
          t.passes++;
          break;
        case 'report':
          if (t.observed.size < 50) t.observed.add(outcome.observed);
          break;
        case 'skip':
          t.skipReason ??= outcome.reason;
          break;
        case 'error':
          t.error ??= `${outcome.message} (${source.source})`;
          break;
        case 'fail': {
          const failure: RuleFailure = {
            title: outcome.title,
            expected: outcome.expected,
            received: outcome.received,
            source: source.source,
            ...definedOnly({ counterexample: source.counterexample, seed: source.seed, path: source.path }),
            ...(source.reproduce === undefined
              ? {}
              : {
                  reproduce:
                    typeof source.reproduce === 'string' ? source.reproduce : source.reproduce(outcome.rule),
                }),
          };
          if (outcome.level === 'MUST') {
            t.mustFailures++;
            t.mustFailure ??= failure;
          } else {
            t.shouldFailures++;
            t.shouldFailure ??= failure;
          }
          break;
        }
      }
    }
  }

  /** Replaces a rule's first failure (after shrinking found a smaller counterexample). */
  replaceFailure(rule: RuleId, level: 'MUST' | 'SHOULD', failure: RuleFailure): void {
    const t = this.tally(rule);
    if (level === 'MUST') t.mustFailure = failure;
    else t.shouldFailure = failure;
  }

  /** Every rule tallied so far. */
  entries(): IterableIterator<[RuleId, RuleTally]> {
    return this.#tallies.entries();
  }
}
