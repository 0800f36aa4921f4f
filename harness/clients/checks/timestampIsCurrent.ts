import { fail, pass } from '../../checks/CheckOutcome.ts';
import { paramValues } from '../viewRequest.ts';
import type { ClientCheck } from './ClientExchange.ts';
import { perRequest } from './perRequest.ts';

/** The window AU-6 and CL-4 allow between a request's timestamp and the receiving endpoint's clock. */
const windowMs = 15 * 60 * 1000;
const iso8601Utc = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;

/**
 * The request's timestamp is ISO 8601 UTC and within 15 minutes of the stub's clock when it arrived
 * (CL-4, AU-6): V1 `Timestamp`, V3 `x-acs-date`. Unsigned requests are left to signatureVerifies.
 */
export const timestampIsCurrent: ClientCheck = {
  name: 'timestampIsCurrent',
  rules: ['CL-4'],
  run(exchange) {
    return perRequest('CL-4', exchange, (request, view) => {
      if (view.scheme === 'unsigned') return null;
      const name = view.scheme === 'v3' ? 'x-acs-date' : 'Timestamp';
      const stamp = view.scheme === 'v3' ? request.headers['x-acs-date'] : paramValues(view, 'Timestamp')[0];
      const expected = `${name} in ISO 8601 UTC within 15 minutes of the endpoint's clock (${new Date(request.receivedAt).toISOString()})`;
      if (stamp === undefined || !iso8601Utc.test(stamp) || Number.isNaN(Date.parse(stamp))) {
        return fail('CL-4', `${name} is missing or malformed`, expected, `${name}=${JSON.stringify(stamp)}`);
      }
      const skew = Date.parse(stamp) - request.receivedAt;
      if (Math.abs(skew) > windowMs) {
        return fail(
          'CL-4',
          `${name} is more than 15 minutes off`,
          expected,
          `${name}=${stamp}, ${Math.round(Math.abs(skew) / 60_000)} minutes ${skew < 0 ? 'behind' : 'ahead'}`,
        );
      }
      return pass('CL-4');
    });
  },
};
