import { fail, pass } from '../../checks/CheckOutcome.ts';
import { expectedSuccess } from '../ServedDocument.ts';
import type { ClientCheck } from './ClientExchange.ts';
import { outputValues, valueDifferences } from './outputValues.ts';

/**
 * A success body decodes to exactly its values (CL-5): every form OK-9 allows (`TotalCount`/`FailCount`
 * decimal strings or JSON integers, `Success` `"true"`/`"false"` or booleans, `Code` strings or numbers),
 * 1 to 50 results, fields in any order, in the format the client asked for; compared by value, results
 * as a set keyed by `InstanceId`. An error reply to a success fails.
 */
export const successDecodedByValue: ClientCheck = {
  name: 'successDecodedByValue',
  rules: ['CL-5'],
  run(exchange) {
    if (exchange.served.kind !== 'success') return [];
    const expected = expectedSuccess(exchange.served.document);
    const want = `the success decoded by value: ${JSON.stringify(expected).slice(0, 500)}`;
    if (!exchange.reply.ok) {
      return [
        fail(
          'CL-5',
          'the client reported an error for a success body',
          want,
          JSON.stringify(exchange.reply.error),
        ),
      ];
    }
    const diffs = valueDifferences(expected, outputValues(exchange.reply.output));
    if (diffs.length === 0) return [pass('CL-5')];
    return [fail('CL-5', 'the decoded values differ from the success body', want, diffs.join('\n'))];
  },
};
