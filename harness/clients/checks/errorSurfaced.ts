import { fail, pass } from '../../checks/CheckOutcome.ts';
import { expectedError } from '../ServedDocument.ts';
import type { ClientCheck } from './ClientExchange.ts';

/**
 * Every catalogued error surfaces to the caller with its `Code` exactly, the server's `Message` text
 * within the client's message, and its `RequestId` (CL-6, MUST clause). The HTTP status is
 * errorStatusSurfaced's.
 */
export const errorSurfaced: ClientCheck = {
  name: 'errorSurfaced',
  rules: ['CL-6'],
  run(exchange) {
    if (exchange.served.kind !== 'error') return [];
    const want = expectedError(exchange.served.document);
    const expected = `an error with Code ${JSON.stringify(want.Code)}, a Message containing ${JSON.stringify(want.Message)}, RequestId ${want.RequestId}`;
    const reply = exchange.reply;
    if (reply.ok) {
      return [
        fail(
          'CL-6',
          'the client reported success for an error body',
          expected,
          JSON.stringify(reply.output).slice(0, 500),
        ),
      ];
    }
    const problems: string[] = [];
    if (reply.error.Code !== want.Code) problems.push(`Code ${JSON.stringify(reply.error.Code)}`);
    if (!reply.error.Message.includes(want.Message))
      problems.push(`Message ${JSON.stringify(reply.error.Message)}`);
    if (reply.error.RequestId !== want.RequestId)
      problems.push(
        `RequestId ${reply.error.RequestId === undefined ? 'missing' : JSON.stringify(reply.error.RequestId)}`,
      );
    if (problems.length === 0) return [pass('CL-6')];
    return [fail('CL-6', `the ${want.Code} error does not surface intact`, expected, problems.join('; '))];
  },
};
