import { defineFault } from '../faultKit.ts';

/** The fault `v1-default-json` (`faults.ts`), breaking TR-3. */
export const v1DefaultJson = defineFault({
  breaks: 'TR-3',
  description: 'A V1 request without `Format` is answered in JSON instead of the documented XML default.',
  hooks: {
    // Every request gets V3's default.
    format: (next) => (incoming) => next(incoming, 'v3'),
  },
});
