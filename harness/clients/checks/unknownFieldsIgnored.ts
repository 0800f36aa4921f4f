import { type CheckOutcome, fail, pass } from '../../checks/CheckOutcome.ts';
import type { ClientExchange } from './ClientExchange.ts';
import { outputValues, valueDifferences } from './outputValues.ts';

/**
 * Unknown extra response fields, at any depth, are ignored (CL-7): the values a client decodes from a body
 * with extra members equal those it decodes from the same body without them. Judged on a pair of calls;
 * when the plain body already failed to decode, CL-7 cannot be judged (CL-5 reports it).
 */
export function unknownFieldsIgnored(plain: ClientExchange, extended: ClientExchange): CheckOutcome[] {
  if (!plain.reply.ok) return [];
  const baseline = outputValues(plain.reply.output);
  const expected = `the same values as without the extra fields: ${JSON.stringify({ fields: baseline.fields, results: baseline.results }).slice(0, 400)}`;
  if (!extended.reply.ok) {
    return [
      fail(
        'CL-7',
        'unknown extra fields turn a success into an error',
        expected,
        JSON.stringify(extended.reply.error),
      ),
    ];
  }
  const diffs = valueDifferences(
    { fields: baseline.fields, results: baseline.results },
    outputValues(extended.reply.output),
  );
  if (diffs.length === 0) return [pass('CL-7')];
  return [fail('CL-7', 'unknown extra fields change the decoded values', expected, diffs.join('\n'))];
}
