import { pass, warn } from '../../checks/CheckOutcome.ts';
import { expectedError } from '../ServedDocument.ts';
import type { ClientCheck } from './ClientExchange.ts';

/** The HTTP status of an error surfaces too (CL-6, SHOULD clause): `error.status` equals the served status. */
export const errorStatusSurfaced: ClientCheck = {
  name: 'errorStatusSurfaced',
  rules: ['CL-6'],
  run(exchange) {
    if (exchange.served.kind !== 'error' || exchange.reply.ok) return [];
    const want = expectedError(exchange.served.document);
    if (exchange.reply.error.status === want.status) return [pass('CL-6')];
    return [
      warn(
        'CL-6',
        `the HTTP status of ${want.Code} does not surface`,
        `error.status ${want.status}`,
        `error.status ${JSON.stringify(exchange.reply.error.status)}`,
      ),
    ];
  },
};
