import { defineFault } from '../faultKit.ts';

/** The fault `v3-routed-by-query` (`faults.ts`), breaking GEN-5. */
export const v3RoutedByQuery = defineFault({
  breaks: 'GEN-5',
  description:
    'A router written for V1: a V3 request is routed by `Action`/`Version` parameters and its `x-acs-action`/`x-acs-version` headers are ignored, so a V3 request as SDKs send it (action and version in headers only) → 400 `MissingParameter`.',
  hooks: {
    // A V3 request is routed as a V1 one: by its parameters.
    readRoute: (next) => (incoming) => next(incoming, 'v1'),
  },
});
