import { referenceAdapter } from '../adapters/reference.ts';

/**
 * Breaks CL-1: a V1 client that never sends `Action` (it assumed the path or a header would name the
 * operation). The request is still correctly signed over what it does send.
 */
export default referenceAdapter({
  scheme: 'v1',
  transport: 'post-form',
  format: 'JSON',
  editCall: (api) => ({ ...api, action: null }),
});
