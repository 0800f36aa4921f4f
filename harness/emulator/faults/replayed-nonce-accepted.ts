import { defineFault, neverSeen } from '../faultKit.ts';

/** The fault `replayed-nonce-accepted` (`faults.ts`), breaking AU-7. */
export const replayedNonceAccepted = defineFault({
  breaks: 'AU-7',
  description: 'The nonce log is never consulted: a replayed `SignatureNonce` is accepted.',
  hooks: {
    authenticate: (next) => (call) => next({ ...call, nonceSeen: neverSeen }),
  },
});
