import { type Check, type CheckOutcome, fail, pass, warn } from './CheckOutcome.ts';
import { shown } from './countValue.ts';
import { describeResponse } from './describeResponse.ts';
import { isErrorResponse } from './responseKind.ts';

const required = ['RequestId', 'Code', 'Message'] as const;

/**
 * An error body parses and has non-empty `RequestId`, `Code` and `Message` (ERR-2, MUST), as a JSON
 * object or under the XML root `<Error>`; it SHOULD also have `HostId`. `Recommend` and other extra
 * fields are allowed.
 */
export const errorBodyComplete: Check = {
  name: 'errorBodyComplete',
  rules: ['ERR-2'],
  run(exchange) {
    const { decoded } = exchange;
    if (!isErrorResponse(decoded)) return [];
    const expected = 'a JSON object or XML <Error> with non-empty RequestId, Code, Message';
    if (decoded.format === 'unknown') {
      const received = describeResponse(exchange.response, decoded).text;
      return [fail('ERR-2', 'an error with no error document', expected, received)];
    }
    if (decoded.parseError !== undefined) {
      return [fail('ERR-2', 'an error body that does not parse', expected, decoded.parseError)];
    }
    if (decoded.format === 'xml' && decoded.root !== 'Error') {
      return [
        fail(
          'ERR-2',
          'wrong XML root for an error',
          'root element <Error>',
          `root element <${decoded.root}>`,
        ),
      ];
    }
    if (
      decoded.format === 'json' &&
      (typeof decoded.document !== 'object' || decoded.document === null || Array.isArray(decoded.document))
    ) {
      return [
        fail(
          'ERR-2',
          'a JSON error body that is not an object',
          expected,
          `JSON ${JSON.stringify(decoded.document)}`,
        ),
      ];
    }
    const lacking = required.filter((name) => (decoded.fields[name]?.value ?? '') === '');
    if (lacking.length > 0) {
      return [
        fail(
          'ERR-2',
          'an error body lacks a required field',
          expected,
          lacking.map((name) => `${name} ${shown(decoded.fields[name])}`).join('; '),
        ),
      ];
    }
    const out: CheckOutcome[] = [];
    if ((decoded.fields.HostId?.value ?? '') === '') {
      out.push(
        warn(
          'ERR-2',
          'an error body without HostId',
          'a non-empty HostId',
          `HostId ${shown(decoded.fields.HostId)}`,
        ),
      );
    }
    return out.length > 0 ? out : [pass('ERR-2')];
  },
};
