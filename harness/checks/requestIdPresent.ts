import { type Check, fail, pass, warn } from './CheckOutcome.ts';
import { parsedSuccess } from './parsedSuccess.ts';

const upperCaseUuid = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

/**
 * A success carries `RequestId` as a non-empty string (OK-2, MUST), and SHOULD write it as an upper-case
 * hex UUID like the reference's `473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E`. Uniqueness per response (SHOULD) is
 * a property of many exchanges, judged across the run by `harness/runner/requestIdLog.ts`.
 */
export const requestIdPresent: Check = {
  name: 'requestIdPresent',
  rules: ['OK-2'],
  run(exchange) {
    const decoded = parsedSuccess(exchange);
    if (decoded === null) return [];
    const id = decoded.fields.RequestId;
    if (id === undefined)
      return [fail('OK-2', 'no RequestId', 'a non-empty string RequestId', 'no RequestId')];
    if (id.form !== 'string' || id.value === '') {
      return [
        fail(
          'OK-2',
          'RequestId is not a non-empty string',
          'a non-empty string',
          `RequestId ${JSON.stringify(id.raw)}`,
        ),
      ];
    }
    if (!upperCaseUuid.test(id.value)) {
      return [
        warn(
          'OK-2',
          'RequestId is not an upper-case UUID',
          'an upper-case hex UUID such as 473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E',
          `RequestId ${JSON.stringify(id.value)}`,
        ),
      ];
    }
    return [pass('OK-2')];
  },
};
