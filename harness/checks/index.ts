import type { Check, CheckOutcome } from './CheckOutcome.ts';
import { conditionChecks } from './conditionChecks.ts';
import { contentTypeMatchesFormat } from './contentTypeMatchesFormat.ts';
import { describeResponse, notAnApiAnswer } from './describeResponse.ts';
import type { Exchange } from './Exchange.ts';
import { errorBodyComplete } from './errorBodyComplete.ts';
import { errorChangesNothing } from './errorChangesNothing.ts';
import { errorStatusIsError } from './errorStatusIsError.ts';
import { failCountMatchesResults } from './failCountMatchesResults.ts';
import { failedInstancesUnchanged } from './failedInstancesUnchanged.ts';
import { formatAsRequested } from './formatAsRequested.ts';
import { hostIdIsHostHeader } from './hostIdIsHostHeader.ts';
import { keyPairNameEchoed } from './keyPairNameEchoed.ts';
import { noCollateralChange } from './noCollateralChange.ts';
import { noErrorMarkersInSuccess } from './noErrorMarkersInSuccess.ts';
import { noServerErrorOnBadInput } from './noServerErrorOnBadInput.ts';
import { operationDetachesBoundInstances } from './operationDetachesBoundInstances.ts';
import { otherKeyPairNeverUnbound } from './otherKeyPairNeverUnbound.ts';
import { requestIdPresent } from './requestIdPresent.ts';
import { resultFieldsPresent } from './resultFieldsPresent.ts';
import { resultPerRequestedInstance } from './resultPerRequestedInstance.ts';
import { resultsIsList } from './resultsIsList.ts';
import { scalarsInDocumentedForms } from './scalarsInDocumentedForms.ts';
import { successfulResultsAreUnbound } from './successfulResultsAreUnbound.ts';
import { successIffCode200 } from './successIffCode200.ts';
import { successStatusAndRoot } from './successStatusAndRoot.ts';
import { totalCountMatchesResults } from './totalCountMatchesResults.ts';
import { unknownInstancesFail } from './unknownInstancesFail.ts';
import { xmlErrorContentTypeExact } from './xmlErrorContentTypeExact.ts';

/**
 * Every check, in the order the report lists them: the oracle's verdict on the outcome first (one check
 * per rule, conditionChecks.ts), then
 * transport (TR, GEN), success shape (OK), error shape (ERR), and effects on the world (ERR-3, ST).
 */
export const checks: readonly Check[] = [
  ...conditionChecks,
  formatAsRequested,
  contentTypeMatchesFormat,
  xmlErrorContentTypeExact,
  successStatusAndRoot,
  requestIdPresent,
  resultsIsList,
  resultFieldsPresent,
  totalCountMatchesResults,
  failCountMatchesResults,
  resultPerRequestedInstance,
  successIffCode200,
  scalarsInDocumentedForms,
  keyPairNameEchoed,
  noErrorMarkersInSuccess,
  errorStatusIsError,
  errorBodyComplete,
  hostIdIsHostHeader,
  noServerErrorOnBadInput,
  errorChangesNothing,
  operationDetachesBoundInstances,
  successfulResultsAreUnbound,
  failedInstancesUnchanged,
  noCollateralChange,
  otherKeyPairNeverUnbound,
  unknownInstancesFail,
];

/**
 * Runs every check on one exchange and returns all their outcomes. A check that throws is the suite's
 * fault, not the target's: it yields one `error` outcome per rule it covers and the other checks still
 * run (schemathesis: a crashing check is reported, never fatal). An answer that is no API answer (a
 * redirect, an HTML page, no JSON or XML document: `describeResponse`) can break a rule but never pass
 * one: its passes and observations become skips, so a rule judged only on such answers is `skip`, not a
 * vacuous `pass`.
 */
export function runChecks(exchange: Exchange, selected: readonly Check[] = checks): CheckOutcome[] {
  const outcomes = runEveryCheck(exchange, selected);
  const answer = describeResponse(exchange.response, exchange.decoded);
  if (answer.api) return outcomes;
  return outcomes.map(
    (outcome): CheckOutcome =>
      outcome.status === 'pass' || outcome.status === 'report'
        ? { status: 'skip', rule: outcome.rule, reason: notAnApiAnswer(answer.kind ?? answer.text) }
        : outcome,
  );
}

function runEveryCheck(exchange: Exchange, selected: readonly Check[]): CheckOutcome[] {
  // A plain loop (this runs for every exchange): the outcomes in check order, as flatMap would give them.
  const outcomes: CheckOutcome[] = [];
  for (const check of selected) {
    let produced: CheckOutcome[];
    try {
      produced = check.run(exchange);
    } catch (error) {
      const message = `check ${check.name} threw: ${error instanceof Error ? error.message : String(error)}`;
      produced = check.rules.map((rule): CheckOutcome => ({ status: 'error', rule, message }));
    }
    for (const outcome of produced) outcomes.push(outcome);
  }
  return outcomes;
}
