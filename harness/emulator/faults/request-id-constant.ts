import { defineFault } from '../faultKit.ts';

/** The fixed request ID of the fault: well-formed, upper-case, and the same for every answer. */
const fixedRequestId = '473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E';

/** The fault `request-id-constant` (`faults.ts`), breaking OK-2's SHOULD clause (unique per response). */
export const requestIdConstant = defineFault({
  breaks: 'OK-2',
  clause: 'SHOULD',
  description:
    "Every answer, success or error, carries the same `RequestId`: the documentation sample's `473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E`, copied into a stub and never replaced. Each body alone is well-formed; only the run shows it is not unique per response (a warning; a failure under `--strict`).",
  hooks: {
    detachBody: (next) => (document, reply) => next(document, { ...reply, requestId: fixedRequestId }),
    errorBody: (next) => (error, reply) => next(error, { ...reply, requestId: fixedRequestId }),
  },
});
