import type { Interceptor, SendCall, SendOutcome } from './Send.ts';

/** One finished call as a recorder sees it: what was asked for and the final outcome. */
export type RecordedCall = { call: SendCall; outcome: SendOutcome };

/**
 * Hands every finished call to `record`, once, with its final outcome (outside `withRetry`: after the
 * retries). The recorder redacts before it keeps anything (`harness/recordings/redactExchange.ts`).
 */
export function withRecording(record: (entry: RecordedCall) => void): Interceptor {
  return (next) => async (call) => {
    const outcome = await next(call);
    record({ call, outcome });
    return outcome;
  };
}
