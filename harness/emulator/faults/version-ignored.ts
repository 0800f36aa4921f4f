import { defineFault } from '../faultKit.ts';
import { apiVersion } from '../handleRequest.ts';

/** The fault `version-ignored` (`faults.ts`), breaking RQ-3. */
export const versionIgnored = defineFault({
  breaks: 'RQ-3',
  description: '`Version` (V3: `x-acs-version`) is not checked: missing or unsupported versions are served.',
  hooks: {
    // Whatever the request names, it is read as the version served.
    readRoute: (next) => (incoming, scheme) => ({ ...next(incoming, scheme), version: apiVersion }),
  },
});
