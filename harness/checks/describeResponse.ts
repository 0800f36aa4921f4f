import type { DecodedResponse } from '../wire/decodeResponse.ts';
import type { WireResponse } from '../wire/WireMessage.ts';
import { isErrorResponse } from './responseKind.ts';

/** What a response was, in words: the one place a report's `received:` line describes an answer. */
export type ResponseDescription = {
  /**
   * False when the answer is no API document at all: a redirect, an HTML page, or a body that is neither
   * JSON nor XML (empty included). Such an answer can break rules, but it never makes a rule pass.
   */
  api: boolean;
  /**
   * What was received: `HTTP 400 InvalidKeyPairName.NotFound`, `HTTP 200, a success body`, `HTTP 302
   * redirect to http://…`, `HTTP 404, an HTML page (text/html) titled "Not Found"`, `HTTP 501 with no
   * error document`.
   */
  text: string;
  /** A non-API answer's kind without per-request detail (the same for a skeleton's every answer). */
  kind?: string;
};

const utf8 = new TextDecoder('utf-8');

/** A short, single-line excerpt of target-controlled text. */
function excerpt(text: string, max = 60): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function header(response: WireResponse, name: string): string | undefined {
  return (
    response.headers[name] ?? Object.entries(response.headers).find(([k]) => k.toLowerCase() === name)?.[1]
  );
}

/**
 * Describes a response as received (issue 12, part 5): an API answer by its status and `Code` (or as a
 * success body), anything else by what it is — a redirect and where to, an HTML page and its title, an
 * error status with no error document, a success status with no API document.
 */
export function describeResponse(response: WireResponse, decoded: DecodedResponse): ResponseDescription {
  const status = decoded.status;
  if (status >= 300 && status < 400) {
    const location = header(response, 'location');
    if (location === undefined || location.trim() === '')
      return {
        api: false,
        text: `HTTP ${status} redirect with no Location`,
        kind: `HTTP ${status} redirect`,
      };
    let where = location;
    try {
      const url = new URL(location, 'http://relative.invalid');
      where = location.startsWith('/') ? url.pathname : `${url.origin}${url.pathname}`;
    } catch {
      // An unparseable Location is shown as it came.
    }
    return {
      api: false,
      text: `HTTP ${status} redirect to ${excerpt(location, 120)}`,
      kind: `HTTP ${status} redirect to ${excerpt(where, 120)}`,
    };
  }
  if (decoded.format === 'unknown') {
    const text = utf8.decode(response.body.subarray(0, 4096));
    const mediaType = decoded.contentType?.split(';')[0]?.trim() || 'no Content-Type';
    if (decoded.parseError?.startsWith('an HTML page') === true) {
      const title = /<title[^>]*>([^<]*)</i.exec(text)?.[1];
      const titled = title === undefined || title.trim() === '' ? '' : ` titled "${excerpt(title)}"`;
      const kind = `HTTP ${status}, an HTML page (${mediaType})`;
      return { api: false, text: `${kind}${titled}`, kind };
    }
    const kind =
      status >= 400 ? `HTTP ${status} with no error document` : `HTTP ${status} with no API document`;
    const body = text.trim() === '' ? 'an empty body' : `a ${mediaType} body "${excerpt(text)}"`;
    return { api: false, text: `${kind} (${body})`, kind };
  }
  if (isErrorResponse(decoded)) {
    const code = decoded.fields.Code?.value ?? '';
    return { api: true, text: `HTTP ${status} ${code || '(no Code)'}` };
  }
  return { api: true, text: `HTTP ${status}, a success body` };
}

/** Why a rule judged only on answers that are no API answers is skipped, not passed. */
export function notAnApiAnswer(kind: string): string {
  return `no API answer to judge it on (the target answered ${kind})`;
}
