import { bodyFormat, mediaType } from './bodyFormat.ts';
import { type Check, fail, pass } from './CheckOutcome.ts';

const jsonTypes: readonly string[] = ['application/json'];
const xmlTypes: readonly string[] = ['text/xml', 'application/xml'];

/**
 * The `Content-Type` names the body's format (TR-4): a JSON body carries `application/json` and an XML
 * body `text/xml` or `application/xml`; parameters (`charset`) are free and the media type is compared
 * case-insensitively. The body's format is read from the body itself, so a label that lies is caught.
 */
export const contentTypeMatchesFormat: Check = {
  name: 'contentTypeMatchesFormat',
  rules: ['TR-4'],
  run(exchange) {
    const format = bodyFormat(exchange);
    if (format === null) return [];
    const allowed = format === 'json' ? jsonTypes : xmlTypes;
    const received = mediaType(exchange.decoded.contentType);
    if (received !== undefined && allowed.includes(received)) return [pass('TR-4')];
    return [
      fail(
        'TR-4',
        `a ${format.toUpperCase()} body with the wrong Content-Type`,
        `Content-Type ${allowed.join(' or ')} (charset optional)`,
        exchange.decoded.contentType === undefined
          ? 'no Content-Type'
          : `Content-Type ${exchange.decoded.contentType}`,
      ),
    ];
  },
};
