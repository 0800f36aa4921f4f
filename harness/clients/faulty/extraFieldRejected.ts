import { referenceAdapter } from '../adapters/reference.ts';
import { documentedNames } from '../ServedDocument.ts';

function hasUnknownName(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(hasUnknownName);
  if (typeof node !== 'object' || node === null) return false;
  return Object.entries(node).some(
    ([name, value]) => (name !== '#text' && !documentedNames.has(name)) || hasUnknownName(value),
  );
}

/**
 * Breaks CL-7: a strict decoder that rejects any field it does not know, at any depth, turning a valid
 * success with an unknown extra member into an error.
 */
export default referenceAdapter({
  scheme: 'v3',
  transport: 'post-query',
  editReply: (reply, decoded) =>
    'ok' in reply && reply.ok && hasUnknownName(decoded.document)
      ? {
          ok: false,
          error: { Code: 'ClientDecodeError', Message: 'unknown field in response', status: decoded.status },
        }
      : reply,
});
