import { referenceAdapter } from '../adapters/reference.ts';

/**
 * Breaks CL-2: sends `InstanceIds` as the bare comma-joined list (`i-a,i-b`, ID-6's reading) instead of a
 * JSON array — the most common client mistake, since the reference says "separate with commas".
 */
export default referenceAdapter({
  scheme: 'v3',
  transport: 'post-query',
  editCall: (api, call) => ({
    ...api,
    params: api.params.map(([name, value]) =>
      name === 'InstanceIds' ? [name, call.input.InstanceIds.join(',')] : [name, value],
    ),
  }),
});
