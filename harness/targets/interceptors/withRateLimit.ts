import { setTimeout as sleep } from 'node:timers/promises';
import type { Interceptor } from './Send.ts';

/** A clock the rate limiter reads and waits on; tests inject a fake one. */
export type LimiterClock = { now: () => number; sleep: (ms: number) => Promise<void> };

/** The default rate of live runs (target-protocol §2: "default low, e.g. 5 requests/s"). */
export const defaultRatePerSecond = 5;

/**
 * Spaces requests at least `1000 / perSecond` ms apart, every attempt counted (retries included when it
 * sits inside `withRetry`). One limiter instance is one budget: every send it wraps shares it.
 */
export function withRateLimit(
  perSecond: number = defaultRatePerSecond,
  clock: LimiterClock = { now: Date.now, sleep: (ms) => sleep(ms) },
): Interceptor {
  if (!(perSecond > 0) || !Number.isFinite(perSecond))
    throw new RangeError(`rate must be a positive number of requests per second, got ${perSecond}`);
  const interval = 1000 / perSecond;
  let nextSlot = Number.NEGATIVE_INFINITY;
  return (next) => async (call) => {
    const now = clock.now();
    const at = Math.max(now, nextSlot);
    // Reserved before waiting, so that concurrent callers queue behind each other.
    nextSlot = at + interval;
    if (at > now) await clock.sleep(at - now);
    return next(call);
  };
}
