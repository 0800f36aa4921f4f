import type { SuccessExpectation } from '../oracle/Expectation.ts';
import type { World } from '../spec/World.ts';
import type { DecodedResponse } from '../wire/decodeResponse.ts';
import type { Exchange } from './Exchange.ts';
import { isErrorResponse } from './responseKind.ts';

/** What the ST checks judge: a success, the oracle's success expectation and both worlds. */
export type WorldSuccess = {
  decoded: DecodedResponse;
  success: SuccessExpectation;
  before: World;
  after: World;
};

/**
 * The parts of a success exchange the ST rules need, or `null` when they do not apply: no world control,
 * an error response, or a request the oracle says must fail (then `outcomeIsAcceptable` judges it).
 */
export function worldSuccess(exchange: Exchange): WorldSuccess | null {
  const { expectation, decoded, worldAfter } = exchange;
  if (expectation === null || expectation.success === null || worldAfter === null) return null;
  if (isErrorResponse(decoded)) return null;
  return {
    decoded,
    success: expectation.success,
    before: exchange.worldBefore ?? expectation.worldBefore,
    after: worldAfter,
  };
}
