/** Which of the suite's response bounds an answer passed. */
export type ResponseBound = 'size' | 'time';

/**
 * An answer the suite stopped reading because it passed one of the suite's own bounds: a body larger
 * than `--max-response-bytes`, or an answer not complete within `--response-timeout`. The bound is the
 * suite's choice, not a rule of the API, so the request it ends is inconclusive (target-protocol §2, §4),
 * never a failure; the message names the bound and the option that sets it. `code` is stable.
 */
export class ResponseBoundError extends Error {
  readonly code: 'DKP_RESPONSE_TOO_LARGE' | 'DKP_RESPONSE_TIMEOUT';
  readonly bound: ResponseBound;
  /** The bound passed: bytes for `size`, milliseconds for `time`. */
  readonly limit: number;

  constructor(bound: ResponseBound, limit: number, option: string) {
    super(
      bound === 'size'
        ? `the response body exceeded ${limit} bytes, the suite's bound (${option} sets it; it is not a rule of the API)`
        : `no complete response within ${limit} ms, the suite's bound (${option} sets it; it is not a rule of the API)`,
    );
    this.name = 'ResponseBoundError';
    this.code = bound === 'size' ? 'DKP_RESPONSE_TOO_LARGE' : 'DKP_RESPONSE_TIMEOUT';
    this.bound = bound;
    this.limit = limit;
  }
}
