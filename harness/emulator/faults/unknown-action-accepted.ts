import { defineFault } from '../faultKit.ts';
import { actions } from '../handleRequest.ts';

/** The fault `unknown-action-accepted` (`faults.ts`), breaking RQ-2. */
export const unknownActionAccepted = defineFault({
  breaks: 'RQ-2',
  description:
    'The router does not look at `Action`: any non-empty action (V3: `x-acs-action`) is served as DetachKeyPair.',
  hooks: {
    readRoute: (next) => (incoming, scheme) => {
      const named = next(incoming, scheme);
      return named.action && !actions.has(named.action) ? { ...named, action: 'DetachKeyPair' } : named;
    },
  },
});
