import { failed } from '../apiError.ts';
import { signatureDoesNotMatch } from '../authenticate.ts';
import { defineFault } from '../faultKit.ts';

/** The fault `unknown-access-key-wrong-code` (`faults.ts`), breaking AU-4. */
export const unknownAccessKeyWrongCode = defineFault({
  breaks: 'AU-4',
  description:
    'An unknown AccessKeyId is looked up as an empty secret, so the request fails as 400 `SignatureDoesNotMatch` instead of `InvalidAccessKeyId.NotFound`.',
  hooks: {
    authenticate: (next) => (call) => {
      const auth = next(call);
      return !auth.ok && auth.error.code === 'InvalidAccessKeyId.NotFound'
        ? failed(signatureDoesNotMatch)
        : auth;
    },
  },
});
