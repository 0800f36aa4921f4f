import { defineFault } from '../faultKit.ts';

/** The fault `xml-root-renamed` (`faults.ts`), breaking OK-1. */
export const xmlRootRenamed = defineFault({
  breaks: 'OK-1',
  description:
    'XML success bodies use the root element `DetachKeyPairResult` instead of `DetachKeyPairResponse`.',
  hooks: {
    detachBody: (next) => (document, reply) => {
      const body = next(document, reply);
      return reply.format === 'xml' ? { ...body, root: 'DetachKeyPairResult' } : body;
    },
  },
});
