import type { WireResponse } from '../wire/WireMessage.ts';
import { xmlCarriable } from '../wire/xmlCarriable.ts';
import type { ErrorDocument, ExtraValue, Member, SuccessDocument } from './ServedDocument.ts';

/** The body format a client asked for (TR-2, TR-3): JSON clients are only ever served JSON (target-protocol §3). */
export type ServedFormat = 'json' | 'xml';

/**
 * What a case has the stub answer: a success document (optionally with the reference's own sample text
 * to serve verbatim in one format) or an error document. Either is written in the format the client asked for.
 */
export type ResponsePlan =
  | { kind: 'success'; document: SuccessDocument; verbatim?: Partial<Record<ServedFormat, string>> }
  | { kind: 'error'; document: ErrorDocument };

/** TR-4; TR-5: the exact value under which the official Node SDK parses XML errors. */
const servedContentType: Readonly<Record<ServedFormat, string>> = {
  json: 'application/json;charset=utf-8',
  xml: 'text/xml;charset=utf-8',
};

const encoder = new TextEncoder();

/**
 * Writes a plan as an HTTP response in `format`: JSON keeps every member's order and JSON type (OK-9);
 * XML writes a `DetachKeyPairResponse` or `Error` root, one `<Result>` per entry inside `<Results>` (OK-3),
 * objects as nested elements and arrays as repeated elements, text escaped and mapped through
 * `xmlCarriable` (what XML cannot carry becomes U+FFFD).
 */
export function renderServed(plan: ResponsePlan, format: ServedFormat): WireResponse {
  const headers = { 'content-type': servedContentType[format] };
  if (plan.kind === 'success') {
    const text =
      plan.verbatim?.[format] ??
      (format === 'json'
        ? renderJson(plan.document.members)
        : renderXml('DetachKeyPairResponse', plan.document.members));
    return { status: 200, headers, body: encoder.encode(text) };
  }
  const text =
    format === 'json' ? renderJson(plan.document.members) : renderXml('Error', plan.document.members);
  return { status: plan.document.status, headers, body: encoder.encode(text) };
}

function jsonObject(members: readonly Member[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const member of members) {
    if (member.kind === 'results') {
      out.Results = {
        ...Object.fromEntries(member.before.map((m) => [m.name, m.value])),
        Result: member.entries.map(jsonObject),
        ...Object.fromEntries(member.after.map((m) => [m.name, m.value])),
      };
    } else {
      out[member.name] = member.value;
    }
  }
  return out;
}

function renderJson(members: readonly Member[]): string {
  return JSON.stringify(jsonObject(members));
}

function escapeText(text: string): string {
  return xmlCarriable(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

function xmlValue(name: string, value: ExtraValue): string {
  if (value === null) return `<${name}/>`;
  if (Array.isArray(value)) return value.map((item) => xmlValue(name, item)).join('');
  if (typeof value === 'object')
    return `<${name}>${Object.entries(value)
      .map(([child, v]) => xmlValue(child, v))
      .join('')}</${name}>`;
  return `<${name}>${escapeText(String(value))}</${name}>`;
}

function xmlMembers(members: readonly Member[]): string {
  return members
    .map((member) => {
      if (member.kind !== 'results') return xmlValue(member.name, member.value);
      const before = member.before.map((m) => xmlValue(m.name, m.value)).join('');
      const after = member.after.map((m) => xmlValue(m.name, m.value)).join('');
      const entries = member.entries.map((entry) => `<Result>${xmlMembers(entry)}</Result>`).join('');
      return `<Results>${before}${entries}${after}</Results>`;
    })
    .join('');
}

function renderXml(root: string, members: readonly Member[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?><${root}>${xmlMembers(members)}</${root}>`;
}
