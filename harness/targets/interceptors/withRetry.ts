import { setTimeout as sleep } from 'node:timers/promises';
import type { WireResponse } from '../../wire/WireMessage.ts';
import type { Interceptor } from './Send.ts';

/** How many times throttling and 503 are retried (target-protocol §2). */
export const maxRetries = 3;

/** The longest wait the suite accepts from `Retry-After` / `x-acs-retry-after`. */
const maxRetryDelayMs = 30_000;

/** Throttling codes (`Throttling`, `Throttling.User`, … in a 400 or 429 body) and 503 are retryable; nothing else is. */
export function isRetryable(response: WireResponse): boolean {
  if (response.status === 503) return true;
  if (response.status !== 400 && response.status !== 429) return false;
  const text = new TextDecoder().decode(response.body.subarray(0, 4096));
  return /Throttling/.test(text);
}

/**
 * How long to wait before retry number `attempt + 1`: the target's `Retry-After` or `x-acs-retry-after`
 * (seconds, or an HTTP date) when it sends one, capped at {@link maxRetryDelayMs}; otherwise exponential
 * backoff from `baseMs` with jitter (×0.5..×1.5).
 */
export function retryDelay(
  response: WireResponse,
  attempt: number,
  baseMs: number,
  random: () => number = Math.random,
  now: number = Date.now(),
): number {
  const header = response.headers['retry-after'] ?? response.headers['x-acs-retry-after'];
  if (header !== undefined && header.trim() !== '') {
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, maxRetryDelayMs);
    const date = Date.parse(header);
    if (Number.isFinite(date)) return Math.min(Math.max(0, date - now), maxRetryDelayMs);
  }
  return baseMs * 2 ** attempt * (0.5 + random());
}

/** Options of {@link withRetry}. */
export type RetryOptions = {
  /** Retries after the first attempt (default {@link maxRetries}). */
  maxRetries?: number;
  /** Backoff base in ms (default 200); tests set it low. */
  baseMs?: number;
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Told before each wait. */
  onRetry?: (event: { attempt: number; delayMs: number; status: number }) => void;
};

/**
 * Retries throttling and 503 (never anything else) with backoff and jitter, honouring `Retry-After` /
 * `x-acs-retry-after`; every attempt calls the request factory again, so it is re-signed with a fresh
 * nonce. A mutating request is never retried. Exhausted retries, and a mutating request answered with
 * throttling or 503, are inconclusive (target-protocol §2); a transport failure is passed through as is.
 */
export function withRetry(options: RetryOptions = {}): Interceptor {
  const retries = options.maxRetries ?? maxRetries;
  const baseMs = options.baseMs ?? 200;
  const wait = options.sleep ?? ((ms: number) => sleep(ms));
  return (next) => async (call) => {
    let attempts = 0;
    for (let attempt = 0; ; attempt++) {
      const outcome = await next(call);
      attempts += outcome.attempts;
      if (outcome.kind === 'inconclusive' || !isRetryable(outcome.response)) return { ...outcome, attempts };
      const { request, response } = outcome;
      if (call.mutating) {
        const reason = `HTTP ${response.status} on a mutating request, which is never retried`;
        return { kind: 'inconclusive', request, response, reason, attempts };
      }
      if (attempt >= retries) {
        const reason = `HTTP ${response.status} after ${retries} retries`;
        return { kind: 'inconclusive', request, response, reason, attempts };
      }
      const delayMs = retryDelay(response, attempt, baseMs, options.random);
      options.onRetry?.({ attempt: attempt + 1, delayMs, status: response.status });
      await wait(delayMs);
    }
  };
}
