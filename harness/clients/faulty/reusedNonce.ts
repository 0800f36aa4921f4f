import { referenceAdapter } from '../adapters/reference.ts';

/** Breaks CL-4: every request carries the same `SignatureNonce` (a constant where a random value belongs). */
export default referenceAdapter({
  scheme: 'v1',
  transport: 'post-form',
  format: 'JSON',
  editCall: (api) => ({ ...api, signing: { ...api.signing, nonce: 'c0ffee00-0000-4000-8000-000000000000' } }),
});
