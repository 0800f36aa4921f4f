import { failed } from '../apiError.ts';
import { incompleteSignature } from '../authenticate.ts';
import { defineFault } from '../faultKit.ts';

/** The fault `v1-acs-headers-rejected` (`faults.ts`), breaking AU-1. */
export const v1AcsHeadersRejected = defineFault({
  breaks: 'AU-1',
  description:
    "A V1 request that also carries `x-acs-*` headers (the official SDK's V1 mode sends them unsigned) is refused with 400 `IncompleteSignature`, as if it were a broken V3 request.",
  hooks: {
    authenticate: (next) => (call) => {
      const auth = next(call);
      if (call.scheme !== 'v1' || !Object.keys(call.incoming.headers).some((h) => h.startsWith('x-acs-')))
        return auth;
      // Missing elements are still judged first; everything after them is refused.
      return !auth.ok && auth.error.code === 'MissingParameter' ? auth : failed(incompleteSignature);
    },
  },
});
