import { fail, pass } from '../../checks/CheckOutcome.ts';
import { paramValues } from '../viewRequest.ts';
import type { ClientCheck } from './ClientExchange.ts';
import { describeRequest, perRequest } from './perRequest.ts';

/**
 * `RegionId` and `KeyPairName` arrive exactly as the caller gave them, for any string of Unicode scalar
 * values: percent-encoding round-trips, nothing is trimmed, normalised or replaced (CL-3). Sent twice, both
 * values must be exact.
 */
export const routingParametersExact: ClientCheck = {
  name: 'routingParametersExact',
  rules: ['CL-3'],
  run(exchange) {
    const input = exchange.call.input;
    return perRequest('CL-3', exchange, (request, view) => {
      for (const name of ['RegionId', 'KeyPairName'] as const) {
        const values = paramValues(view, name);
        const bad = values.find((v) => v !== input[name]);
        if (values.length === 0 || bad !== undefined) {
          return fail(
            'CL-3',
            `${name} does not arrive exactly as given`,
            `${name}=${JSON.stringify(input[name])}`,
            values.length === 0
              ? `no ${name} parameter${view.malformed.length > 0 ? ` (undecodable parts: ${view.malformed.join('&').slice(0, 200)})` : ''}\n${describeRequest(request)}`
              : `${name}=${JSON.stringify(bad)}`,
          );
        }
      }
      return pass('CL-3');
    });
  },
};
