import { type Check, type CheckOutcome, fail, pass } from './CheckOutcome.ts';
import { describeResponse } from './describeResponse.ts';
import { isErrorResponse } from './responseKind.ts';

/**
 * A success is status 200 with a body that parses in its format: a JSON object, or XML with the root
 * element `DetachKeyPairResponse` (OK-1, from the reference's samples). Whether that format is the one
 * requested is judged by TR-2/TR-3 (`formatAsRequested`).
 */
export const successStatusAndRoot: Check = {
  name: 'successStatusAndRoot',
  rules: ['OK-1'],
  run(exchange) {
    const { decoded } = exchange;
    if (isErrorResponse(decoded)) return [];
    const answer = describeResponse(exchange.response, decoded);
    if (!answer.api)
      return [
        fail(
          'OK-1',
          'no API document where a success body was due',
          'status 200 with a success body',
          answer.text,
        ),
      ];
    const out: CheckOutcome[] = [];
    if (decoded.status !== 200) {
      out.push(fail('OK-1', 'a success without status 200', 'status 200', `status ${decoded.status}`));
    }
    if (decoded.parseError !== undefined) {
      out.push(
        fail(
          'OK-1',
          'a success body that does not parse',
          `a well-formed JSON or XML body`,
          decoded.parseError,
        ),
      );
    } else if (decoded.format === 'xml' && decoded.root !== 'DetachKeyPairResponse') {
      out.push(
        fail(
          'OK-1',
          'wrong XML root element',
          'root element <DetachKeyPairResponse>',
          `root element <${decoded.root}>`,
        ),
      );
    } else if (decoded.format === 'json' && !isObject(decoded.document)) {
      out.push(
        fail(
          'OK-1',
          'a JSON success body that is not an object',
          'a JSON object',
          describe(decoded.document),
        ),
      );
    }
    return out.length > 0 ? out : [pass('OK-1')];
  },
};

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a JSON array';
  return value === null ? 'JSON null' : `a JSON ${typeof value}`;
}
