import { referenceAdapter } from './reference.ts';

/**
 * The reference client asking for XML: V1, GET query, `Format=XML`, so the suite serves it every success
 * and error form in XML (CL-5, CL-6, target-protocol §3).
 */
export default referenceAdapter({ scheme: 'v1', transport: 'get-query', format: 'XML' });
