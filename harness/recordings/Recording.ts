import type { Probe } from '../wire/Probe.ts';

/**
 * A redacted recording of an audit run (`audit --record DIR` writes `DIR/recording.json`): what was sent
 * and what came back, safe to share. The AccessKeyId is masked, the AccessKeySecret is never present,
 * signatures, nonces and security tokens are replaced by fixed placeholders, and request IDs in
 * responses are normalised. `verify --replay DIR` re-sends every probe (re-signed afresh) to another
 * target and diffs the normalised responses.
 */
export type Recording = {
  schemaVersion: 1;
  suiteVersion: string;
  /** The audited endpoint, e.g. `https://ecs.cn-hangzhou.aliyuncs.com`. */
  endpoint: string;
  region: string;
  /** ISO 8601 time the recording started. */
  recordedAt: string;
  /** The AccessKeyId masked to its first 4 and last 2 characters (`LTAI****ab`). */
  accessKeyId: string;
  exchanges: RecordedExchange[];
};

/** One recorded request and its answer (or why there was none). */
export type RecordedExchange = {
  /** The probe's stable name in the probe catalogue (e.g. `unknown-key-pair-v1-json`). */
  name: string;
  /** The suite's model of the request: it holds no credential. */
  probe: Probe;
  /** The request as sent, redacted: `method`, `target` (path and query), lower-case `headers`, `body` as text. */
  request: { method: string; target: string; headers: Record<string, string>; body: string };
  /** The answer, with `RequestId`/`HostId` values normalised; absent when the exchange was inconclusive. */
  response?: { status: number; headers: Record<string, string>; body: string };
  /** Why the exchange has no conclusive answer (transport failure, throttling after retries). */
  inconclusive?: string;
};

/** Placeholders that replace volatile or secret values in a recording. */
export const redacted = {
  signature: '<signature>',
  nonce: '<nonce>',
  securityToken: '<security-token>',
  requestId: '<request-id>',
  timestamp: '<timestamp>',
} as const;
