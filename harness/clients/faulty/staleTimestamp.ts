import { isoTimestamp } from '../../wire/encodeRequest.ts';
import { referenceAdapter } from '../adapters/reference.ts';

/** Breaks CL-4: stamps every request 20 minutes in the past (a clock cached at start-up, or a wrong zone). */
export default referenceAdapter({
  scheme: 'v3',
  transport: 'post-query',
  editCall: (api) => ({
    ...api,
    signing: { ...api.signing, timestamp: isoTimestamp(Date.now() - 20 * 60 * 1000) },
  }),
});
