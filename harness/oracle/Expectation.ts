import type { RuleId } from '../spec/rules.ts';
import type { World } from '../spec/World.ts';

/** An acceptable error code: an exact code, or `MissingParameter*` for a parameter (RQ-4). */
export type CodeMatcher = { exact: string } | { missing: string } | { prefix: string };

/**
 * Which stage of judgement an error condition belongs to. Authentication comes first (AU-8): when an
 * `auth` condition holds, only `auth`, `routing` and `unparseable` errors are acceptable.
 */
type ConditionTier = 'routing' | 'auth' | 'business';

/** One error condition that holds for a request, with the answers its rule accepts. */
export type ErrorCondition = {
  /** The rule that demands (or allows) this error; a wrong answer fails this rule. */
  rule: RuleId;
  tier: ConditionTier;
  codes: readonly CodeMatcher[];
  statuses: readonly number[];
  /** Statuses accepted with a SHOULD-level warning on `rule` (KP-1's 404). */
  warnStatuses?: readonly number[];
  /** SHOULD: the exact message, compared after trimming a trailing period (KP-1, WIN-1). */
  message?: string;
  /**
   * `must`: the request must be rejected. `should`: rejection is a SHOULD (ID-5): a success warns.
   * `may`: a REPORT-level choice (ST-5, ID-6, ID-3 duplicates): rejection or success are both fine.
   */
  strength: 'must' | 'should' | 'may';
  /** Human-readable cause, for reports. */
  cause: string;
  /** For `may` conditions: a stable name of the REPORT-level situation, so observations aggregate. */
  situation?: string;
};

/** What the oracle says about one named instance if the request succeeds (ST-0..ST-5). */
export type InstanceFate =
  /** A Linux instance of the region bound to the key pair: `Success` true and unbound afterwards (ST-0, ST-1). */
  | 'detach'
  /** Unknown in the region (or in another region): `Success` false, non-200 `Code` (ST-5). */
  | 'not-found'
  /** Bound to another key pair or to none: a failure or a no-op success, never changed (ST-4). */
  | 'not-bound';

/** What a success must look like, when a success is allowed at all. */
export type SuccessExpectation = {
  regionId: string;
  /** The key pair name as requested (OK-10 compares the echo with it). */
  keyPairName: string;
  /** The key pair's name as stored in the world (differs from the request only for a KP-3 case variant). */
  storedKeyPairName: string;
  /** The IDs in request order, duplicates kept (OK-7, ID-7). */
  requested: readonly string[];
  fates: ReadonlyMap<string, InstanceFate>;
  /** The world after a success: every `detach` instance unbound, nothing else changed (ST-0..ST-4). */
  worldAfter: World;
};

/** The response format a target must answer in (TR-2, TR-3, GEN-3). */
export type FormatExpectation = { format: 'json' | 'xml' | 'either'; rule: RuleId };

/** The full set of acceptable outcomes for one request on one world: the oracle's answer. */
export type Expectation = {
  conditions: readonly ErrorCondition[];
  /** `null` when some `must` condition holds: the request has to fail. */
  success: SuccessExpectation | null;
  format: FormatExpectation;
  /** The world after any error: unchanged (ERR-3). */
  worldBefore: World;
};
