import { defineFault } from '../faultKit.ts';

/** The fault `timestamp-not-checked` (`faults.ts`), breaking AU-6. */
export const timestampNotChecked = defineFault({
  breaks: 'AU-6',
  description:
    'The 15-minute clock window is not enforced: stale and future timestamps are accepted (malformed ones are still refused).',
  hooks: {
    withinClockWindow: () => () => true,
  },
});
