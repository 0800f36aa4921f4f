import { defineFault, neverSeen } from '../faultKit.ts';
import { paramValue } from '../readIncoming.ts';

/** The fault `missing-nonce-accepted` (`faults.ts`), breaking AU-5. */
export const missingNonceAccepted = defineFault({
  breaks: 'AU-5',
  description:
    'The nonce is optional: a request signed without `SignatureNonce` (V3: without `x-acs-signature-nonce`) skips the nonce logic and is accepted; one whose nonce was dropped after signing fails as `SignatureDoesNotMatch`, not a code AU-5 allows. (A V3 request whose `SignedHeaders` still lists the dropped header gets `IncompleteSignature`, which AU-5 allows.)',
  hooks: {
    requiredCredentials: (next) => (scheme) =>
      next(scheme).filter((name) => name !== 'SignatureNonce' && name !== 'x-acs-signature-nonce'),
    // No nonce, no nonce logic.
    authenticate: (next) => (call) => {
      const nonce =
        call.scheme === 'v1'
          ? paramValue(call.incoming.params, 'SignatureNonce')
          : call.incoming.headers['x-acs-signature-nonce'];
      return next(nonce ? call : { ...call, nonceSeen: neverSeen });
    },
  },
});
