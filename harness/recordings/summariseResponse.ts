import { isErrorResponse } from '../checks/responseKind.ts';
import { normalisedDocument } from '../checks/sameOutcome.ts';
import { decodeResponse } from '../wire/decodeResponse.ts';
import type { WireResponse } from '../wire/WireMessage.ts';
import type { ExchangeSummary } from './ParityRow.ts';
import { type RecordedExchange, redacted } from './Recording.ts';

/**
 * Reduces a response to its {@link ExchangeSummary}: outcome, status, `Code`, message, format, content
 * type, `HostId` and, for a success, the normalised document (`RequestId`, `HostId`, `Recommend` and
 * unknown fields ignored; scalars by value, OK-9). `undefined` with a reason gives an inconclusive summary.
 */
export function summariseResponse(response: WireResponse | undefined, reason = 'no answer'): ExchangeSummary {
  if (response === undefined) {
    return {
      kind: 'inconclusive',
      status: null,
      code: null,
      message: null,
      format: null,
      contentType: null,
      hostId: null,
      document: null,
      reason,
    };
  }
  const decoded = decodeResponse(response);
  const error = isErrorResponse(decoded);
  return {
    kind: error ? 'error' : 'success',
    status: decoded.status,
    code: error ? (decoded.fields.Code?.value ?? null) : null,
    message: decoded.fields.Message?.value ?? null,
    format: decoded.format,
    contentType: decoded.contentType ?? null,
    hostId: decoded.fields.HostId?.value ?? null,
    document: error ? null : normalisedDocument(decoded),
  };
}

/** The summary of a recorded exchange's answer ({@link recordedResponse}). */
export function summariseRecorded(exchange: RecordedExchange): ExchangeSummary {
  const response = recordedResponse(exchange);
  return response === undefined
    ? summariseResponse(undefined, exchange.inconclusive ?? 'no answer recorded')
    : summariseResponse(response);
}

/**
 * A recorded answer as a wire response (its body text re-encoded as UTF-8), or `undefined` when none was
 * recorded. A placeholder written raw into an XML body (`<RequestId><request-id></RequestId>`) would make
 * it unparseable, so in XML bodies the placeholders are read as the text they stand for.
 */
export function recordedResponse(exchange: RecordedExchange): WireResponse | undefined {
  const r = exchange.response;
  if (r === undefined) return undefined;
  const body = r.body.trimStart().startsWith('<') ? escapePlaceholders(r.body) : r.body;
  return { status: r.status, headers: r.headers, body: new TextEncoder().encode(body) };
}

function escapePlaceholders(xml: string): string {
  let out = xml;
  for (const placeholder of Object.values(redacted))
    out = out.split(placeholder).join(placeholder.replace('<', '&lt;').replace('>', '&gt;'));
  return out;
}

/**
 * What differs between a recorded and a replayed summary: outcome kind, status, `Code`, format and
 * normalised document, in that order; `undefined` when they agree. Either side inconclusive is a
 * difference (nothing to compare). Messages, content types and `HostId` are not compared.
 */
export function summaryDifference(recorded: ExchangeSummary, replayed: ExchangeSummary): string | undefined {
  if (recorded.kind === 'inconclusive' || replayed.kind === 'inconclusive') {
    const side = recorded.kind === 'inconclusive' ? recorded : replayed;
    const which = recorded.kind === 'inconclusive' ? 'recorded' : 'replayed';
    return `not comparable: the ${which} exchange is inconclusive (${side.reason ?? 'no answer'})`;
  }
  const parts: string[] = [];
  const show = (v: string | number | null) => (v === null ? '(none)' : String(v));
  if (recorded.kind !== replayed.kind) parts.push(`outcome ${recorded.kind} → ${replayed.kind}`);
  if (recorded.status !== replayed.status)
    parts.push(`status ${show(recorded.status)} → ${show(replayed.status)}`);
  if (recorded.code !== replayed.code) parts.push(`Code ${show(recorded.code)} → ${show(replayed.code)}`);
  if (recorded.format !== replayed.format)
    parts.push(`format ${show(recorded.format)} → ${show(replayed.format)}`);
  if (recorded.kind === replayed.kind && recorded.document !== replayed.document)
    parts.push(`document ${show(recorded.document)} → ${show(replayed.document)}`);
  return parts.length === 0 ? undefined : parts.join('; ');
}
