import { referenceAdapter } from '../adapters/reference.ts';

/** Breaks CL-8 (SHOULD): flags every error `retryable: false`, throttling and 503 included. */
export default referenceAdapter({
  scheme: 'v3',
  transport: 'post-query',
  editReply: (reply) =>
    'ok' in reply && !reply.ok ? { ok: false, error: { ...reply.error, retryable: false } } : reply,
});
