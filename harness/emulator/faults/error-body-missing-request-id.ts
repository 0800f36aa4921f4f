import { defineFault, without } from '../faultKit.ts';

/** The fault `error-body-missing-request-id` (`faults.ts`), breaking ERR-2. */
export const errorBodyMissingRequestId = defineFault({
  breaks: 'ERR-2',
  description: 'Error bodies omit `RequestId`, in both formats.',
  hooks: {
    errorBody: (next) => (error, reply) => {
      const body = next(error, reply);
      return { ...body, fields: without(body.fields, 'RequestId') };
    },
  },
});
