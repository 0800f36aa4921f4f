import type { RuleId } from '../spec/rules.ts';
import type { Exchange } from './Exchange.ts';

/**
 * What a check concludes about one rule on one exchange. A broken rule is data, never an exception
 * (STYLE). `level` on a failure is the level of the broken clause: a SHOULD clause gives a warning.
 * `error` is the suite's own fault: the check threw, so the rules it covers could not be judged.
 */
export type CheckOutcome =
  | { status: 'pass'; rule: RuleId }
  | {
      status: 'fail';
      rule: RuleId;
      level: 'MUST' | 'SHOULD';
      title: string;
      expected: string;
      received: string;
    }
  | { status: 'skip'; rule: RuleId; reason: string }
  | { status: 'report'; rule: RuleId; observed: string }
  | { status: 'error'; rule: RuleId; message: string };

/** A named check: one small function judging one or more rules on an exchange; `[]` when it does not apply. */
export type Check = {
  name: string;
  rules: readonly RuleId[];
  run: (exchange: Exchange) => CheckOutcome[];
};

/** A passing outcome. */
export const pass = (rule: RuleId): CheckOutcome => ({ status: 'pass', rule });

/** A failing outcome of a MUST clause. */
export const fail = (rule: RuleId, title: string, expected: string, received: string): CheckOutcome => ({
  status: 'fail',
  rule,
  level: 'MUST',
  title,
  expected,
  received,
});

/** A failing outcome of a SHOULD clause: a warning unless `--strict`. */
export const warn = (rule: RuleId, title: string, expected: string, received: string): CheckOutcome => ({
  status: 'fail',
  rule,
  level: 'SHOULD',
  title,
  expected,
  received,
});

/** A REPORT-level observation. */
export const report = (rule: RuleId, observed: string): CheckOutcome => ({
  status: 'report',
  rule,
  observed,
});
