import { defineFault } from '../faultKit.ts';

/** The fault `windows-accepted` (`faults.ts`), breaking WIN-1. */
export const windowsAccepted = defineFault({
  breaks: 'WIN-1',
  description:
    'No OS check: Windows instances are treated like Linux ones (bound ones are detached, `Success` true).',
  hooks: {
    checkWindows: () => () => undefined,
  },
});
