import { defineFault } from '../faultKit.ts';

/** The fault `limit-off-by-one` (`faults.ts`), breaking ID-2. */
export const limitOffByOne = defineFault({
  breaks: 'ID-2',
  description:
    'The limit check uses `>=` instead of `>`: exactly 50 IDs are refused as over the limit (400 `InvalidInstanceIds.ValueNotSupported`); 1–49 and 51+ behave as usual.',
  hooks: {
    // `>=` instead of `>`: as if the list had one entry more.
    checkLimit: (next) => (count, profile) => next(count + 1, profile),
  },
});
