import { defineFault, without } from '../faultKit.ts';

/** The fault `missing-request-id` (`faults.ts`), breaking OK-2. */
export const missingRequestId = defineFault({
  breaks: 'OK-2',
  description: 'Success bodies carry no `RequestId` (error bodies still do).',
  hooks: {
    detachBody: (next) => (document, reply) => {
      const body = next(document, reply);
      return { ...body, fields: without(body.fields, 'RequestId') };
    },
  },
});
