import { defineFault } from '../faultKit.ts';

/** An ISO 8601 UTC stamp anywhere in a text: the unanchored pattern of the fault. */
const stampInside = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z/;

/** The fault `timestamp-searched` (`faults.ts`), breaking AU-6. */
export const timestampSearched = defineFault({
  breaks: 'AU-6',
  description:
    'The timestamp is matched with an unanchored pattern: a value with text around an ISO 8601 stamp (`12026-12-06T11:30:00Z`) is read as the stamp inside it and accepted when that is fresh.',
  hooks: {
    parseTimestamp: (next) => (value) => next(stampInside.exec(value)?.[0] ?? value),
  },
});
