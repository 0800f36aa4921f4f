import type { Interceptor } from './Send.ts';

/** The default per-request timeout of `audit` (`--timeout`). */
export const defaultTimeoutMs = 10_000;

/**
 * Aborts an attempt that has not been answered within `ms` (headers and body); it then ends inconclusive
 * ("timed out after N ms"), never pass or fail (target-protocol §2). Each attempt gets its own budget.
 */
export function withTimeout(ms: number = defaultTimeoutMs): Interceptor {
  if (!Number.isInteger(ms) || ms < 1) throw new RangeError(`timeout must be a positive integer, got ${ms}`);
  return (next) => async (call) => {
    const timer = AbortSignal.timeout(ms);
    const signal = call.signal === undefined ? timer : AbortSignal.any([call.signal, timer]);
    const outcome = await next({ ...call, signal });
    if (outcome.kind === 'inconclusive' && timer.aborted)
      return { ...outcome, reason: `timed out after ${ms} ms` };
    return outcome;
  };
}
