import { defineFault } from '../faultKit.ts';

/** The fault `over-limit-accepted` (`faults.ts`), breaking ID-3. */
export const overLimitAccepted = defineFault({
  breaks: 'ID-3',
  description: 'No limit check: 51 or more distinct IDs are processed per instance like any other list.',
  hooks: {
    checkLimit: () => () => undefined,
  },
});
