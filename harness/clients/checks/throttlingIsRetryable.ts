import { pass, warn } from '../../checks/CheckOutcome.ts';
import { expectedError } from '../ServedDocument.ts';
import type { ClientCheck } from './ClientExchange.ts';

/** A throttling code (one containing `Throttling`) or 503 `ServiceUnavailable` (CL-8). */
function isThrottling(code: string, status: number | null): boolean {
  return (
    code.includes('Throttling') || (code === 'ServiceUnavailable' && (status === 503 || status === null))
  );
}

/**
 * Throttling and 503 `ServiceUnavailable` are distinguishable as retryable (CL-8, SHOULD): by
 * `error.retryable` when the client reports it, else by a throttling `Code` or status 503. The other way
 * round, a 4xx that is not throttling must not be flagged `retryable: true`.
 */
export const throttlingIsRetryable: ClientCheck = {
  name: 'throttlingIsRetryable',
  rules: ['CL-8'],
  run(exchange) {
    if (exchange.served.kind !== 'error') return [];
    const want = expectedError(exchange.served.document);
    const reply = exchange.reply;
    const throttled = isThrottling(want.Code, want.status);
    if (!throttled) {
      if (want.status >= 500 || reply.ok || reply.error.retryable !== true) return [pass('CL-8')];
      return [
        warn(
          'CL-8',
          `a ${want.status} ${want.Code} is flagged retryable`,
          'retryable absent or false for a client error that is not throttling',
          'retryable: true',
        ),
      ];
    }
    const expected = `the ${want.Code} error recognisable as retryable (retryable: true, or a throttling Code, or status 503)`;
    if (reply.ok) return [warn('CL-8', `${want.Code} surfaced as a success`, expected, 'ok: true')];
    const { retryable, Code, status } = reply.error;
    const recognisable =
      retryable === undefined
        ? Code.includes('Throttling') || Code === 'ServiceUnavailable' || status === 503
        : retryable;
    if (recognisable) return [pass('CL-8')];
    return [
      warn(
        'CL-8',
        `${want.Code} is not distinguishable as retryable`,
        expected,
        `retryable ${JSON.stringify(retryable)}, Code ${JSON.stringify(Code)}, status ${JSON.stringify(status)}`,
      ),
    ];
  },
};
