import { fail, pass } from '../../checks/CheckOutcome.ts';
import { parseInstanceIds } from '../../wire/instanceIdsCodec.ts';
import { paramValues } from '../viewRequest.ts';
import type { ClientCheck } from './ClientExchange.ts';
import { describeRequest, perRequest } from './perRequest.ts';

function same(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/**
 * `InstanceIds` arrives as a JSON array of strings equal to the caller's list, in the caller's order,
 * with any JSON whitespace (CL-2, ID-1): not a comma-joined list, not re-ordered, not de-duplicated. Sent
 * twice, both values must say the same.
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
        const parsed = parseInstanceIds(value);
        if (parsed.kind !== 'json-array') {
          return fail(
            'CL-2',
            'InstanceIds is not a JSON array of strings',
            expected,
            `InstanceIds=${JSON.stringify(value)} (${parsed.kind}${'reason' in parsed ? `: ${parsed.reason}` : ''})`,
          );
        }
        if (!same(parsed.ids, wanted)) {
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
