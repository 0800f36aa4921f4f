import { defineFault } from '../faultKit.ts';

/** The fault `key-pair-name-trimmed` (`faults.ts`), breaking KP-1. */
export const keyPairNameTrimmed = defineFault({
  breaks: 'KP-1',
  description:
    'The `KeyPairName` is trimmed before it is looked up and compared (a form framework\'s default): a name that differs from a key pair of the region only by surrounding whitespace (`"kp "`) names that key pair, and its instances are detached, instead of 400 `InvalidKeyPairName.NotFound`. The success body still echoes the name as sent.',
  hooks: {
    decide: (next) => (call, request) => next(call, { ...request, keyPairName: request.keyPairName.trim() }),
  },
});
