import type { DecodedResponse } from '../wire/decodeResponse.ts';

/** Top-level `Code` values a success body may carry (OK-11): Terraform and pop-core accept these. */
export const successCodes: ReadonlySet<string> = new Set(['200', 'OK', 'Success', 'success']);

/**
 * Whether a response is an error: a 4xx/5xx status, or a body shaped like an error (a top-level `Code`
 * that is not a success code, and no `Results`) whatever its status (ERR-1 judges the latter).
 */
export function isErrorResponse(decoded: DecodedResponse): boolean {
  return decoded.status >= 400 || isErrorBody(decoded);
}

/** An error-shaped body: root `<Error>` in XML, or a top-level non-success `Code` without `Results`. */
export function isErrorBody(decoded: DecodedResponse): boolean {
  if (decoded.format === 'xml' && decoded.root === 'Error') return true;
  const code = decoded.fields.Code;
  return code !== undefined && !successCodes.has(code.value) && decoded.results.container === 'missing';
}
