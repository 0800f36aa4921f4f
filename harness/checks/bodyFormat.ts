import { isHtml } from '../wire/decodeResponse.ts';
import type { Exchange } from './Exchange.ts';

/**
 * The format the body is really written in, whatever its `Content-Type` says (TR-4, TR-5): the decoded
 * format when the body parsed, otherwise sniffed from its first non-whitespace character (`{` or `[`
 * JSON, `<` XML); `null` when it is neither, and for an HTML page (never an XML body).
 */
export function bodyFormat(exchange: Exchange): 'json' | 'xml' | null {
  const { decoded, response } = exchange;
  if (decoded.parseError === undefined && decoded.format !== 'unknown') return decoded.format;
  const text = new TextDecoder('utf-8').decode(response.body);
  if (isHtml(decoded.contentType, text)) return null;
  const first = text.trimStart()[0];
  if (first === '{' || first === '[') return 'json';
  if (first === '<') return 'xml';
  return null;
}

/** The media type of a `Content-Type` value: before any `;`, trimmed, lower-cased. */
export function mediaType(contentType: string | undefined): string | undefined {
  return contentType?.split(';')[0]?.trim().toLowerCase();
}
