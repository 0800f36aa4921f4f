import type { Interceptor, SendOutcome } from './Send.ts';

/**
 * Tells `observe` about every attempt (innermost: each retry separately), e.g. to collect the run's
 * signatures and nonces so that no output can carry them, or to count HTTP requests.
 */
export function withAttemptObserver(observe: (attempt: SendOutcome) => void): Interceptor {
  return (next) => async (call) => {
    const outcome = await next(call);
    observe(outcome);
    return outcome;
  };
}
