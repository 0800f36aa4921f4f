import { defineFault, eachResult, succeeded, withValue } from '../faultKit.ts';

/** The fault `xml-differs-from-json` (`faults.ts`), breaking FM-1. */
export const xmlDiffersFromJson = defineFault({
  breaks: 'FM-1',
  description:
    "The XML serializer writes a failed result's `Code` as the HTTP-style `400` while JSON carries the error code (e.g. `InvalidKeyPair.NotBound`); each body alone is valid.",
  hooks: {
    detachBody: (next) => (document, reply) => {
      const body = next(document, reply);
      return reply.format === 'xml'
        ? eachResult(body, (r) => (succeeded(r) ? r : withValue(r, 'Code', '400')))
        : body;
    },
  },
});
