import type { RuleId } from '../../harness/spec/rules.ts';

/**
 * The verdict on one pact interaction against one target: `pass`, `fail` with Pact's mismatch text, or
 * `skip` with the reason (consumer-only interactions, breakages a replay cannot carry).
 */
export type ContractResult = {
  /** The pact's consumer name. */
  consumer: string;
  /** The interaction's description: the key into contracts/interactions.ts. */
  interaction: string;
  /** The rules the catalogue names for it (empty for an interaction the catalogue does not know). */
  rules: RuleId[];
  status: 'pass' | 'fail' | 'skip';
  /** Why it was skipped, or a one-line summary of why it failed. */
  reason?: string;
  /** Pact's mismatches, one per line (`path: text`), for a failure. */
  mismatch?: string;
  /** For a failure: the rules its mismatches break (contracts/provider/blameRules.ts). */
  failedRules?: RuleId[];
  /** For a failure: the rules the response still shows to hold (none when it was the wrong kind of response). */
  passedRules?: RuleId[];
  /** Set when the target's world URL refused the interaction's provider state (target-protocol §1). */
  stateError?: string;
  /** The provider state name. */
  state?: string;
};
