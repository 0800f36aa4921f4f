import { referenceAdapter } from '../adapters/reference.ts';

function firstDigit(value: unknown): unknown {
  return value === undefined ? undefined : Number(String(value)[0]);
}

/**
 * Breaks CL-5: parses `TotalCount` and `FailCount` from their first digit only (`"10"` → 1), a
 * hand-rolled parser that was only ever tested on the samples' single-digit counts.
 */
export default referenceAdapter({
  scheme: 'v3',
  transport: 'post-query',
  editReply: (reply) =>
    'ok' in reply && reply.ok
      ? {
          ok: true,
          output: {
            ...reply.output,
            TotalCount: firstDigit(reply.output.TotalCount),
            FailCount: firstDigit(reply.output.FailCount),
          },
        }
      : reply,
});
