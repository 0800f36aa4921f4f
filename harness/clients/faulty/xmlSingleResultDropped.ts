import { referenceAdapter } from '../adapters/reference.ts';

/**
 * Breaks CL-5 (OK-3 from the client's side): an XML client that reads one `<Result>` as an object rather
 * than a list of one, and so decodes no results at all. Lists of two or more decode fine.
 */
export default referenceAdapter({
  scheme: 'v1',
  transport: 'get-query',
  format: 'XML',
  editReply: (reply, decoded) =>
    'ok' in reply && reply.ok && decoded.format === 'xml' && decoded.results.entries.length === 1
      ? { ok: true, output: { ...reply.output, Results: [] } }
      : reply,
});
