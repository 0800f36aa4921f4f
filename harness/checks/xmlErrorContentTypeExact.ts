import { bodyFormat } from './bodyFormat.ts';
import { type Check, pass, warn } from './CheckOutcome.ts';
import { isErrorResponse } from './responseKind.ts';

const exact = 'text/xml;charset=utf-8';

/**
 * An XML error body carries exactly `Content-Type: text/xml;charset=utf-8` (TR-5, SHOULD): the official
 * Node SDK parses XML errors only under that value (compared case-insensitively, no spaces) and sends
 * anything else to `JSON.parse`, losing the code.
 */
export const xmlErrorContentTypeExact: Check = {
  name: 'xmlErrorContentTypeExact',
  rules: ['TR-5'],
  run(exchange) {
    if (!isErrorResponse(exchange.decoded) || bodyFormat(exchange) !== 'xml') return [];
    const received = exchange.decoded.contentType;
    if (received?.toLowerCase() === exact) return [pass('TR-5')];
    return [
      warn(
        'TR-5',
        'XML error body under a Content-Type the Node SDK does not parse as XML',
        `Content-Type ${exact}`,
        received === undefined ? 'no Content-Type' : `Content-Type ${received}`,
      ),
    ];
  },
};
