import { type Check, fail, pass } from './CheckOutcome.ts';
import { isErrorBody, isErrorResponse } from './responseKind.ts';

/**
 * An error is a 4xx or 5xx with an error body (ERR-1): never a 2xx/3xx carrying an error body, and never
 * a 4xx/5xx carrying a success body (`Results`, or the XML root `DetachKeyPairResponse`), which clients
 * would read as a success or drop. An error status with an unreadable body is left to ERR-2.
 */
export const errorStatusIsError: Check = {
  name: 'errorStatusIsError',
  rules: ['ERR-1'],
  run(exchange) {
    const { decoded } = exchange;
    if (!isErrorResponse(decoded)) return [];
    const code = decoded.fields.Code?.value;
    if (decoded.status < 400) {
      return [
        fail(
          'ERR-1',
          'an error body with a non-error status',
          'status 4xx or 5xx with an error body',
          `status ${decoded.status} with an error body${code === undefined ? '' : ` (Code ${code})`}`,
        ),
      ];
    }
    const successBody =
      !isErrorBody(decoded) &&
      (decoded.results.container !== 'missing' ||
        (decoded.format === 'xml' && decoded.root === 'DetachKeyPairResponse'));
    if (successBody) {
      return [
        fail(
          'ERR-1',
          'an error status with a success body',
          `an error body (RequestId, Code, Message) with status ${decoded.status}`,
          `status ${decoded.status} with a DetachKeyPair success body`,
        ),
      ];
    }
    return [pass('ERR-1')];
  },
};
