import type { Probe } from '../../wire/Probe.ts';
import type { WireRequest, WireResponse } from '../../wire/WireMessage.ts';

/**
 * One request to send. `build` makes (and signs) the wire request afresh for every attempt, so that a
 * retry carries a fresh nonce and timestamp (target-protocol §2); the rest says what the request is.
 */
export type SendCall = {
  /** Builds and signs the request; called once per attempt. */
  build: () => WireRequest;
  /** A request that may change a resource: never retried (target-protocol §2). */
  mutating: boolean;
  /** The probe's stable name (recordings, reports). */
  name?: string;
  /** The suite's model of the request (recordings); it holds no credential. */
  probe?: Probe;
  /** Aborts the attempt in flight (set by `withTimeout`). */
  signal?: AbortSignal;
};

/**
 * What sending produced: the last request sent and its response, or why there is no conclusive answer
 * (transport failure, timeout, throttling or 503 after the retries). An inconclusive outcome is never a
 * pass or a fail (target-protocol §2). `attempts` counts HTTP requests, retries included.
 */
export type SendOutcome =
  | { kind: 'response'; request: WireRequest; response: WireResponse; attempts: number }
  | {
      kind: 'inconclusive';
      request: WireRequest;
      /** The last answer, when there was one (a 503 after the retries). */
      response?: WireResponse;
      reason: string;
      attempts: number;
    };

/** A target as the runners drive it: one call in, one outcome out (undici's dispatch, simplified). */
export type Send = (call: SendCall) => Promise<SendOutcome>;

/** Wraps a {@link Send} with one concern: retries, rate limits, timeouts, recording. */
export type Interceptor = (next: Send) => Send;

/**
 * Wraps `send` in `interceptors`, the first one outermost: `compose(base, withRecording(r), withRetry())`
 * records each call once, after its retries.
 */
export function compose(send: Send, ...interceptors: readonly Interceptor[]): Send {
  return interceptors.reduceRight<Send>((next, interceptor) => interceptor(next), send);
}
