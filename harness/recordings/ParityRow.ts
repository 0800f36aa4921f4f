import type { RuleId } from '../spec/rules.ts';

/**
 * One response reduced to what parity compares (LocalStack-style transformers): the outcome, status,
 * `Code` and the format-independent normalised document, with `RequestId` and `HostId` dropped. `message`,
 * `contentType` and `hostId` are kept for the drift report but play no part in {@link ParityRow.same}.
 */
export type ExchangeSummary = {
  /** `inconclusive`: no answer to compare (transport failure, throttling after the retries). */
  kind: 'success' | 'error' | 'inconclusive';
  status: number | null;
  /** The error's `Code`; `null` for a success. */
  code: string | null;
  message: string | null;
  /** The body's format (TR-2..TR-4). */
  format: 'json' | 'xml' | 'unknown' | null;
  contentType: string | null;
  /** `HostId` as answered (GEN-4); never compared. */
  hostId: string | null;
  /** A success's normalised document (FM-1: scalars by value, `Results` as a sorted multiset); else `null`. */
  document: string | null;
  /** Why there is no answer, for `inconclusive`. */
  reason?: string;
};

/**
 * One recorded exchange replayed against another target (`verify --replay DIR`): the recorded and the
 * replayed answer, normalised, and whether they agree. A difference is REPORT-level drift, never a
 * failure by itself; the replayed answer is also judged by every check.
 */
export type ParityRow = {
  /** The recorded exchange's probe name. */
  name: string;
  /** The rules the probe exercises (the oracle's conditions on the assumed world), first the one it targets. */
  rules: RuleId[];
  recorded: ExchangeSummary;
  replayed: ExchangeSummary;
  /** Same outcome kind, status, `Code`, format and normalised document; false when either side is inconclusive. */
  same: boolean;
  /** What differs, e.g. `status 404 → 400`; absent when `same`. */
  difference?: string;
};
