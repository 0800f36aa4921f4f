import { type CheckOutcome, pass } from '../../checks/CheckOutcome.ts';
import type { RuleId } from '../../spec/rules.ts';
import { type RecordedRequest, type RequestView, viewRequest } from '../viewRequest.ts';
import type { ClientExchange } from './ClientExchange.ts';

/**
 * Judges every request of a call (retries included) with `judge` and returns the first failure, else one
 * pass; `[]` when the call sent no request or `judge` found nothing to judge (`null` for every request).
 */
export function perRequest(
  rule: RuleId,
  exchange: ClientExchange,
  judge: (request: RecordedRequest, view: RequestView, index: number) => CheckOutcome | null,
): CheckOutcome[] {
  let judged = false;
  for (const [index, { request }] of exchange.exchanges.entries()) {
    const outcome = judge(request, viewRequest(request), index);
    if (outcome === null) continue;
    if (outcome.status !== 'pass') return [outcome];
    judged = true;
  }
  return judged ? [pass(rule)] : [];
}

const maxShown = 300;

/** A short view of a request for a failure's `received`: method, target, and the named headers. */
export function describeRequest(request: RecordedRequest, headers: readonly string[] = []): string {
  const target = request.target.length > maxShown ? `${request.target.slice(0, maxShown)}…` : request.target;
  const shown = headers
    .filter((name) => request.headers[name] !== undefined)
    .map((name) => `${name}: ${request.headers[name]}`);
  const body = new TextDecoder().decode(request.body);
  return [
    `${request.method} ${target}`,
    ...shown,
    ...(body === '' ? [] : [`body: ${body.length > maxShown ? `${body.slice(0, maxShown)}…` : body}`]),
  ].join('\n');
}
