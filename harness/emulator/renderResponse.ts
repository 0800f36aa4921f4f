import type { WireResponse } from '../wire/WireMessage.ts';
import type { ApiError } from './apiError.ts';
import type { DetachResult } from './detachKeyPair.ts';
import type { EmulatorProfile } from './EmulatorProfile.ts';
import type { InstanceEntry } from './sandboxActions.ts';

/** The response format (TR-2, TR-3). */
export type ResponseFormat = 'json' | 'xml';

/** TR-4; TR-5: XML uses exactly the value the official Node SDK parses XML errors under. */
export const jsonContentType = 'application/json;charset=utf-8';
const xmlContentType = 'text/xml;charset=utf-8';

const encoder = new TextEncoder();

/** A scalar as a body carries it: JSON keeps its type, XML writes its text. */
type BodyValue = string | number | boolean;

/** One member of a body: its name and scalar value. */
export type BodyField = [name: string, value: BodyValue];

/**
 * A response before serialisation. JSON and XML are both written from it, so the two formats carry the
 * same fields in the same order (FM-1).
 */
export type ResponseBody = {
  status: number;
  /** The XML root element (`DetachKeyPairResponse`, `Error`); JSON has none. */
  root: string;
  /** Top-level scalar fields, in order. */
  fields: BodyField[];
  /** Success bodies only: the fields of each `Results.Result` entry (or `list`'s), in order (OK-3, OK-4). */
  results?: BodyField[][];
  /** The list's and its entries' names when not `Results` and `Result` (DescribeInstances). */
  list?: { container: string; entry: string };
};

/** An error body with `RequestId`, `HostId`, `Code`, `Message`, `Recommend` (ERR-1, ERR-2, GEN-4). */
export function errorBody(error: ApiError, requestId: string, hostId: string): ResponseBody {
  return {
    status: error.status,
    root: 'Error',
    fields: [
      ['RequestId', requestId],
      ['HostId', hostId],
      ['Code', error.code],
      ['Message', error.message],
      ['Recommend', `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(error.code)}&product=Ecs`],
    ],
  };
}

/**
 * A DetachKeyPair success (OK-1..OK-11), or an AttachKeyPair one with `root` `AttachKeyPairResponse`. JSON
 * scalars are typed as the samples show them or all strings, as the profile chooses (OK-9);
 * `Results.Result` is always a list (OK-3).
 */
export function successBody(
  document: { KeyPairName: string; Results: DetachResult[] },
  requestId: string,
  profile: EmulatorProfile,
  root = 'DetachKeyPairResponse',
): ResponseBody {
  const results = document.Results;
  const failCount = results.filter((r) => !r.Success).length;
  const typed = profile.jsonScalars === 'typed';
  const fields: BodyField[] = [['RequestId', requestId]];
  if (profile.keyPairNameInResponse) fields.push(['KeyPairName', document.KeyPairName]);
  fields.push(
    ['TotalCount', typed ? results.length : String(results.length)],
    ['FailCount', typed ? failCount : String(failCount)],
  );
  return {
    status: 200,
    root,
    fields,
    results: results.map((r) => [
      ['InstanceId', r.InstanceId],
      ['Success', typed ? r.Success : String(r.Success)],
      ['Code', r.Code],
      ['Message', r.Message],
    ]),
  };
}

/**
 * A DescribeInstances success: `TotalCount`, `PageNumber`, `PageSize` (JSON integers) and
 * `Instances.Instance`, always a list.
 */
export function instancesBody(
  document: { TotalCount: number; PageNumber: number; PageSize: number; Instances: InstanceEntry[] },
  requestId: string,
): ResponseBody {
  return {
    status: 200,
    root: 'DescribeInstancesResponse',
    fields: [
      ['RequestId', requestId],
      ['TotalCount', document.TotalCount],
      ['PageNumber', document.PageNumber],
      ['PageSize', document.PageSize],
    ],
    results: document.Instances.map((i) => [
      ['InstanceId', i.InstanceId],
      ['RegionId', i.RegionId],
      ['OSType', i.OSType],
      ['KeyPairName', i.KeyPairName],
    ]),
    list: { container: 'Instances', entry: 'Instance' },
  };
}

/** Writes a {@link ResponseBody} in the given format, with its content type (TR-4, TR-5). */
export function renderBody(body: ResponseBody, format: ResponseFormat): WireResponse {
  const { container, entry } = body.list ?? { container: 'Results', entry: 'Result' };
  if (format === 'json') {
    const results = body.results?.map((r) => Object.fromEntries(r));
    const document = {
      ...Object.fromEntries(body.fields),
      ...(results === undefined ? {} : { [container]: { [entry]: results } }),
    };
    return respond(body.status, 'json', JSON.stringify(document));
  }
  const fields = body.fields.map(([k, v]) => element(k, String(v))).join('');
  const results =
    body.results === undefined
      ? ''
      : `<${container}>${body.results.map((r) => `<${entry}>${r.map(([k, v]) => element(k, String(v))).join('')}</${entry}>`).join('')}</${container}>`;
  return respond(
    body.status,
    'xml',
    `<?xml version="1.0" encoding="UTF-8"?><${body.root}>${fields}${results}</${body.root}>`,
  );
}

/** An error response: {@link errorBody} written in `format`. */
export function renderError(
  error: ApiError,
  format: ResponseFormat,
  requestId: string,
  hostId: string,
): WireResponse {
  return renderBody(errorBody(error, requestId, hostId), format);
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
function escapeXml(value: string): string {
  return value
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;');
}
