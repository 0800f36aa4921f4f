import type { RuleId } from '../spec/rules.ts';
import type { DecodedResponse } from '../wire/decodeResponse.ts';
import { xmlCarriable } from '../wire/xmlCarriable.ts';
import { type CheckOutcome, fail, pass } from './CheckOutcome.ts';
import { describeResponse, notAnApiAnswer } from './describeResponse.ts';
import type { Exchange } from './Exchange.ts';
import { isErrorResponse } from './responseKind.ts';
import { worldDiff } from './worldDiff.ts';

/**
 * The normalised document of a success (FM-1): the documented fields only (`RequestId`, `HostId`,
 * `Recommend` and unknown fields ignored), scalars by value (OK-9), `Results` as a sorted multiset.
 */
export function normalisedDocument(decoded: DecodedResponse): string {
  const f = decoded.fields;
  // Both formats are compared as XML can carry them (xmlCarriable), so JSON and XML can agree (FM-1).
  const text = (value: string | undefined) => (value === undefined ? undefined : xmlCarriable(value));
  const results = decoded.results.entries
    .map((r) => [text(r.InstanceId?.value), r.Success?.value, text(r.Code?.value), text(r.Message?.value)])
    .map((row) => JSON.stringify(row))
    .sort();
  return JSON.stringify({
    TotalCount: f.TotalCount?.value,
    FailCount: f.FailCount?.value,
    KeyPairName: text(f.KeyPairName?.value),
    Results: results,
  });
}

/**
 * Two exchanges sent on identical worlds have the same outcome (the rules' GEN paragraph): two successes
 * with the same normalised document, or two errors (each judged acceptable by its own checks) with the
 * same `Code` when exactly one error condition applies; and the same world afterwards. Used by FM-1 and
 * MR-1..MR-4, each naming its own rule.
 */
export function sameOutcome(rule: RuleId, a: Exchange, b: Exchange, variation: string): CheckOutcome {
  const aAnswer = describeResponse(a.response, a.decoded);
  const bAnswer = describeResponse(b.response, b.decoded);
  // Two answers that are no API answers agree on nothing: the rule is not judged (never a vacuous pass).
  if (!aAnswer.api && !bAnswer.api)
    return { status: 'skip', rule, reason: notAnApiAnswer(aAnswer.kind ?? aAnswer.text) };
  const aError = isErrorResponse(a.decoded) || !aAnswer.api;
  const bError = isErrorResponse(b.decoded) || !bAnswer.api;
  const show = (e: Exchange, isError: boolean) => {
    const answer = e === a ? aAnswer : bAnswer;
    return isError || !answer.api ? answer.text : `success ${normalisedDocument(e.decoded)}`;
  };
  const title = `different outcomes for ${variation}`;
  if (aAnswer.api !== bAnswer.api) return fail(rule, title, show(a, aError), show(b, bError));
  if (aError !== bError) return fail(rule, title, show(a, aError), show(b, bError));
  if (aError) {
    const conditions = a.expectation?.conditions.length ?? 0;
    const aCode = a.decoded.fields.Code?.value;
    const bCode = b.decoded.fields.Code?.value;
    if (conditions === 1 && aCode !== bCode) return fail(rule, title, show(a, true), show(b, true));
  } else if (normalisedDocument(a.decoded) !== normalisedDocument(b.decoded)) {
    return fail(rule, title, show(a, false), show(b, false));
  }
  if (a.worldAfter !== null && b.worldAfter !== null) {
    const differences = worldDiff(a.worldAfter, b.worldAfter);
    if (differences.length > 0) {
      return fail(
        rule,
        `different effects on the world for ${variation}`,
        'the same world after both requests',
        differences.slice(0, 10).join('; '),
      );
    }
  }
  return pass(rule);
}
