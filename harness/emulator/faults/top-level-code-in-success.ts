import { defineFault, fieldValue, succeeded } from '../faultKit.ts';

/** The fault `top-level-code-in-success` (`faults.ts`), breaking OK-11. */
export const topLevelCodeInSuccess = defineFault({
  breaks: 'OK-11',
  description:
    "When any result failed, the first failure's `Code` is hoisted to a top-level `Code` of the 200 body (Terraform and the legacy Node client then treat the call as failed).",
  hooks: {
    detachBody: (next) => (document, reply) => {
      const body = next(document, reply);
      const failure = body.results?.find((r) => !succeeded(r));
      const code = failure === undefined ? undefined : fieldValue(failure, 'Code');
      return code === undefined ? body : { ...body, fields: [...body.fields, ['Code', code]] };
    },
  },
});
