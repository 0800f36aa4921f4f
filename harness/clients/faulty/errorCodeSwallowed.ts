import { referenceAdapter } from '../adapters/reference.ts';

/** Breaks CL-6: every server error surfaces as a generic `UnknownError`, the server's `Code` lost. */
export default referenceAdapter({
  scheme: 'v3',
  transport: 'post-query',
  editReply: (reply) =>
    'ok' in reply && !reply.ok ? { ok: false, error: { ...reply.error, Code: 'UnknownError' } } : reply,
});
