import { defineFault, eachResult, without } from '../faultKit.ts';

/** The fault `result-missing-message` (`faults.ts`), breaking OK-4. */
export const resultMissingMessage = defineFault({
  breaks: 'OK-4',
  description: 'Every `Result` omits `Message`, in both formats.',
  hooks: {
    detachBody: (next) => (document, reply) =>
      eachResult(next(document, reply), (r) => without(r, 'Message')),
  },
});
