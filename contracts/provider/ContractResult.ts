import type { CheckOutcome } from '../../harness/checks/CheckOutcome.ts';
import type { RuleId } from '../../harness/spec/rules.ts';
import type { World } from '../../harness/spec/World.ts';
import type { Probe } from '../../harness/wire/Probe.ts';

/**
 * The verdict on one pact interaction against one target. `status` is the checks' verdict on the replayed
 * exchange (harness/checks, the same checks as every other exchange): `pass` when no check failed, `fail`
 * with the rules a check found broken, `skip` with the reason (consumer-only interactions, breakages a
 * replay cannot carry, inconclusive answers), `error` when the interaction was replayed but could not be
 * judged (a refused provider state, a request attributed to no single interaction, a request outside the
 * suite's request model). Pact's own verdict — its matchers against the response — is kept beside it in
 * `pact`, and never decides a rule.
 */
export type ContractResult = {
  /** The pact's consumer name. */
  consumer: string;
  /** The interaction's description: the key into contracts/interactions.ts. */
  interaction: string;
  /** The rules the catalogue says the interaction exercises (empty for an interaction it does not know). */
  rules: RuleId[];
  status: 'pass' | 'fail' | 'skip' | 'error';
  /** Why it was skipped or not judged, or the checks' failures, one per line (`RULE: title; expected …; received …`). */
  reason?: string;
  /** For a failure: the rules the checks found broken. */
  failedRules?: RuleId[];
  /** Every check outcome on the replayed exchange: what `verify` records in its ledger. */
  outcomes?: CheckOutcome[];
  /** What was judged: the provider state's World (with the run's credentials) and the request, as a probe. */
  replayed?: { world: World; probe: Probe };
  /** Pact's own verdict on the interaction, when Pact replayed it. */
  pact?: 'pass' | 'fail';
  /** Pact's mismatches, one per line (`path: text`), when `pact` is `fail`. */
  pactMismatch?: string;
  /** Set when the target's world URL refused the interaction's provider state (target-protocol §1). */
  stateError?: string;
  /** The provider state name. */
  state?: string;
};
