import { defineFault } from '../faultKit.ts';

/** The fault `no-signature-check` (`faults.ts`), breaking AU-3. */
export const noSignatureCheck = defineFault({
  breaks: 'AU-3',
  description:
    'Signatures are parsed but never compared (V1 and V3): a wrong signature is accepted. Missing elements, the clock window, the V3 body hash, access keys and nonces are still judged.',
  hooks: {
    verifySignature: (next) => (call, accessKeySecret) => {
      const verdict = next(call, accessKeySecret);
      return !verdict.ok && (call.scheme === 'v1' || verdict.reason === 'mismatch') ? { ok: true } : verdict;
    },
  },
});
