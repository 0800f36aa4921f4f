import { fail, pass } from '../../checks/CheckOutcome.ts';
import { classifyInstanceIds } from '../../oracle/classifyInstanceIds.ts';
import { paramValues } from '../viewRequest.ts';
import type { ClientCheck } from './ClientExchange.ts';
import { describeRequest, perRequest } from './perRequest.ts';

function same(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/**
 * `InstanceIds` arrives as a JSON array of strings equal to the caller's list, in the caller's order,
 * with any JSON whitespace (CL-2, ID-1): not a comma-joined list, not re-ordered, not de-duplicated. Sent
 * twice, both values must say the same. The value is read by the oracle's classifier (a JSON array of
 * non-empty strings, ID-1, or `[]`, ID-5), never by the emulator's parser.
 */
export const instanceIdsSentAsJsonList: ClientCheck = {
  name: 'instanceIdsSentAsJsonList',
  rules: ['CL-2'],
  run(exchange) {
    const wanted = exchange.call.input.InstanceIds;
    return perRequest('CL-2', exchange, (request, view) => {
      const values = paramValues(view, 'InstanceIds');
      const expected = `InstanceIds a JSON array equal to ${JSON.stringify(wanted)}`;
      if (values.length === 0)
        return fail('CL-2', 'the request carries no InstanceIds', expected, describeRequest(request));
      for (const value of values) {
        const read = classifyInstanceIds(value);
        if (read.rule !== 'ID-1' && read.rule !== 'ID-5') {
          return fail(
            'CL-2',
            'InstanceIds is not a JSON array of strings',
            expected,
            `InstanceIds=${JSON.stringify(value)} (${read.rule}${'why' in read ? `: ${read.why}` : ''})`,
          );
        }
        if (!same(read.ids, wanted)) {
          return fail(
            'CL-2',
            "InstanceIds is not the caller's list in the caller's order",
            expected,
            `InstanceIds=${JSON.stringify(value)}`,
          );
        }
      }
      return pass('CL-2');
    });
  },
};
