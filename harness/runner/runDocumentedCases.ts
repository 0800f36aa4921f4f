import { type DocumentedCase, documentedCodeMatches } from '../../fixtures/documented/DocumentedCase.ts';
import { loadDocumentedCases } from '../../fixtures/documented/loadDocumentedCases.ts';
import { judgeProbe } from '../../properties/judgeProbe.ts';
import { type CheckOutcome, fail, pass } from '../checks/CheckOutcome.ts';
import { describeResponse } from '../checks/describeResponse.ts';
import type { Exchange } from '../checks/Exchange.ts';
import { isErrorResponse } from '../checks/responseKind.ts';
import type { RuleId } from '../spec/rules.ts';
import type { Target } from '../targets/Target.ts';
import type { DocumentedOutcome, RuleLedger } from './RuleLedger.ts';
import { inShard, type Shard } from './runProperty.ts';

/**
 * Runs every documented case (the reference's samples and error table): each exchange is judged by
 * every check and, on top, by the case's own documented outcome, whose failure blames the case's first rule.
 */
export async function runDocumentedCases(
  target: Target,
  options: {
    only: ReadonlySet<RuleId> | null;
    ledger: RuleLedger;
    /** The reproduction of a case's failure of `rule` (reproduceCommand.ts); `caseFile` is the case's file. */
    reproduce: (rule: RuleId, caseFile: string) => string;
    onCase?: (done: number, total: number) => void;
    shard?: Shard;
    cases?: DocumentedCase[];
  },
): Promise<{ requests: number; inconclusive: number }> {
  const cases = options.cases ?? (await loadDocumentedCases());
  let requests = 0;
  let inconclusive = 0;
  let done = 0;
  for (const [position, c] of cases.entries()) {
    if (options.shard !== undefined && !inShard(position, options.shard)) continue;
    const key = c.world.accessKeys[0];
    if (key === undefined) continue;
    const judged = await judgeProbe(target, c.world, key, c.probe);
    requests += judged.run.requests;
    inconclusive += judged.run.inconclusive;
    options.onCase?.(++done, cases.length);
    if (judged.exchange === null) continue;
    const outcomes = [...judged.run.outcomes, documentedOutcomeHolds(c, judged.exchange)];
    options.ledger.record(
      options.only === null ? outcomes : outcomes.filter((o) => options.only?.has(o.rule)),
      {
        source: `case:${c.name}`,
        counterexample: { case: c.name, quote: c.quote, probe: c.probe },
        reproduce: (rule) => options.reproduce(rule, `fixtures/documented/cases/${c.name}.case.json`),
        ...(judged.run.steps === undefined
          ? {}
          : {
              steps: {
                ...judged.run.steps,
                documented: { name: c.name, description: c.description, rules: c.rules, expect: c.expect },
              },
            }),
      },
    );
  }
  return { requests, inconclusive };
}

/**
 * The case's documented outcome, judged on its own terms: an error with one of the documented statuses
 * and codes, or a 200 success. A wrong outcome blames the case's first rule. What a success must contain
 * (counts, results, effects) is judged by the checks against the oracle, which the documented cases are
 * tested to agree with (fixtures/documented/documentedCases.test.ts), so it is not blamed twice here.
 */
export function documentedOutcomeHolds(c: DocumentedOutcome, exchange: Exchange): CheckOutcome {
  const rule = c.rules[0] as RuleId;
  const d = exchange.decoded;
  const expect = c.expect;
  const title = `documented case ${c.name}: ${c.description}`;
  const code = d.fields.Code?.value ?? '';
  const received = describeResponse(exchange.response, d).text;
  if (expect.kind === 'error') {
    const ok =
      isErrorResponse(d) && expect.status.includes(d.status) && documentedCodeMatches(expect.codes, code);
    return ok
      ? pass(rule)
      : fail(rule, title, `HTTP ${expect.status.join('/')} ${expect.codes.join(' | ')}`, received);
  }
  return !isErrorResponse(d) && d.status === 200 && describeResponse(exchange.response, d).api
    ? pass(rule)
    : fail(rule, title, 'HTTP 200 success', received);
}
