import type { WireResponse } from '../wire/WireMessage.ts';
import type { ApiError } from './apiError.ts';
import type { DetachResult } from './detachKeyPair.ts';
import type { EmulatorProfile } from './EmulatorProfile.ts';

/** The response format (TR-2, TR-3). */
export type ResponseFormat = 'json' | 'xml';

/** TR-4; TR-5: XML uses exactly the value the official Node SDK parses XML errors under. */
export const jsonContentType = 'application/json;charset=utf-8';
export const xmlContentType = 'text/xml;charset=utf-8';

const encoder = new TextEncoder();

/** An error body with `RequestId`, `HostId`, `Code`, `Message`, `Recommend` (ERR-1, ERR-2, GEN-4). */
export function renderError(
  error: ApiError,
  format: ResponseFormat,
  requestId: string,
  hostId: string,
): WireResponse {
  const fields: Array<[string, string]> = [
    ['RequestId', requestId],
    ['HostId', hostId],
    ['Code', error.code],
    ['Message', error.message],
    ['Recommend', `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(error.code)}&product=Ecs`],
  ];
  const body =
    format === 'json'
      ? JSON.stringify(Object.fromEntries(fields))
      : `<?xml version="1.0" encoding="UTF-8"?><Error>${fields.map(([k, v]) => element(k, v)).join('')}</Error>`;
  return respond(error.status, format, body);
}

/**
 * A DetachKeyPair success (OK-1..OK-11). JSON scalars are typed as the samples show them or all strings,
 * as the profile chooses (OK-9); `Results.Result` is always a list (OK-3).
 */
export function renderDetachSuccess(
  document: { KeyPairName: string; Results: DetachResult[] },
  format: ResponseFormat,
  requestId: string,
  profile: EmulatorProfile,
): WireResponse {
  const results = document.Results;
  const failCount = results.filter((r) => !r.Success).length;
  if (format === 'json') {
    const typed = profile.jsonScalars === 'typed';
    const body = {
      RequestId: requestId,
      ...(profile.keyPairNameInResponse ? { KeyPairName: document.KeyPairName } : {}),
      TotalCount: typed ? results.length : String(results.length),
      FailCount: typed ? failCount : String(failCount),
      Results: {
        Result: results.map((r) => ({
          InstanceId: r.InstanceId,
          Success: typed ? r.Success : String(r.Success),
          Code: r.Code,
          Message: r.Message,
        })),
      },
    };
    return respond(200, 'json', JSON.stringify(body));
  }
  const entries = results
    .map(
      (r) =>
        `<Result>${element('InstanceId', r.InstanceId)}${element('Success', String(r.Success))}${element('Code', r.Code)}${element('Message', r.Message)}</Result>`,
    )
    .join('');
  const body =
    '<?xml version="1.0" encoding="UTF-8"?><DetachKeyPairResponse>' +
    element('RequestId', requestId) +
    (profile.keyPairNameInResponse ? element('KeyPairName', document.KeyPairName) : '') +
    element('TotalCount', String(results.length)) +
    element('FailCount', String(failCount)) +
    `<Results>${entries}</Results></DetachKeyPairResponse>`;
  return respond(200, 'xml', body);
}

function respond(status: number, format: ResponseFormat, body: string): WireResponse {
  return {
    status,
    headers: { 'content-type': format === 'json' ? jsonContentType : xmlContentType },
    body: encoder.encode(body),
  };
}

function element(name: string, value: string): string {
  return `<${name}>${escapeXml(value)}</${name}>`;
}

/**
 * Escapes text for an XML 1.0 element. Characters XML 1.0 cannot carry at all (most C0 controls, lone
 * surrogates) are written as U+FFFD: a name holding them cannot be echoed faithfully in XML by any server.
 */
export function escapeXml(value: string): string {
  return value
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;');
}
