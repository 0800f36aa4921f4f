import type { DecodedResponse } from '../wire/decodeResponse.ts';
import type { Exchange } from './Exchange.ts';
import { isErrorResponse } from './responseKind.ts';

/**
 * The decoded body of a success response that parsed in its format, or `null`: the success-shape rules
 * (OK-2..OK-11) judge only bodies they can read; OK-1 fails the others.
 */
export function parsedSuccess(exchange: Exchange): DecodedResponse | null {
  const { decoded } = exchange;
  if (isErrorResponse(decoded) || decoded.parseError !== undefined) return null;
  return decoded;
}

/** Whether the body holds `Result` entries at all, in any shape OK-3 recognises (OK-3 judges the shape). */
export function hasResults(decoded: DecodedResponse): boolean {
  const { container } = decoded.results;
  return container === 'array' || container === 'object' || container === 'bare-array';
}
