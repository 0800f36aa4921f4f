import { failed } from '../apiError.ts';
import { defineFault } from '../faultKit.ts';

/** The fault `auth-after-business` (`faults.ts`), breaking AU-8. */
export const authAfterBusiness = defineFault({
  breaks: 'AU-8',
  description:
    'Business parameters are judged before authentication: a request with a broken signature, timestamp, key or nonce and also a missing parameter, bad `InstanceIds`, unknown region or key pair, or a Windows instance gets the business error. Requests whose business parameters are fine are authenticated as usual.',
  hooks: {
    authenticate: (next) => (call) => {
      const auth = next(call);
      if (auth.ok) return auth;
      // The business judgement came first: its error is the answer.
      const business = call.action(call);
      return business.ok ? auth : failed(business.error);
    },
  },
});
