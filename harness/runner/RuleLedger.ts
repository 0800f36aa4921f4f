import type { DocumentedCase } from '../../fixtures/documented/DocumentedCase.ts';
import type { CheckOutcome } from '../checks/CheckOutcome.ts';
import type { RuleFailure } from '../reports/Report.ts';
import type { RuleId } from '../spec/rules.ts';
import type { CaseSteps } from '../suite/CaseSteps.ts';
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
  /** What was sent, when a failure of it can be kept as a case file (harness/runner/caseFiles.ts). */
  steps?: CaseSource;
};

/** The steps of a failure, and a documented case's own expected outcome when it came from one. */
export type CaseSource = CaseSteps & { documented?: DocumentedOutcome };

/** What judges a documented case's own outcome (runDocumentedCases.ts `documentedOutcomeHolds`). */
export type DocumentedOutcome = Pick<DocumentedCase, 'name' | 'description' | 'rules' | 'expect'>;

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
  readonly #steps = new WeakMap<RuleFailure, CaseSource>();
  readonly #firstWithSteps = new Map<RuleId, { failure: RuleFailure; steps: CaseSource }>();

  /** What was sent when `failure` was found, when it can be replayed from a case file. */
  stepsOf(failure: RuleFailure): CaseSource | undefined {
    return this.#steps.get(failure);
  }

  /**
   * A rule's first failure that can be kept as a case file, for a rule whose shown failure cannot (it came
   * from a request outside the suite's request model, or from the whole run).
   */
  firstReplayable(rule: RuleId): { failure: RuleFailure; steps: CaseSource } | undefined {
    return this.#firstWithSteps.get(rule);
  }

  #keep(rule: RuleId, failure: RuleFailure, steps: CaseSource | undefined): void {
    if (steps === undefined) return;
    this.#steps.set(failure, steps);
    if (!this.#firstWithSteps.has(rule)) this.#firstWithSteps.set(rule, { failure, steps });
  }

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
          this.#keep(outcome.rule, failure, source.steps);
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
  replaceFailure(rule: RuleId, level: 'MUST' | 'SHOULD', failure: RuleFailure, steps?: CaseSource): void {
    const t = this.tally(rule);
    this.#keep(rule, failure, steps);
    if (level === 'MUST') t.mustFailure = failure;
    else t.shouldFailure = failure;
  }

  /** Every rule tallied so far. */
  entries(): IterableIterator<[RuleId, RuleTally]> {
    return this.#tallies.entries();
  }
}
