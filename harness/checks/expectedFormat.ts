import type { FormatExpectation } from '../oracle/Expectation.ts';
import { formatExpectation } from '../oracle/expectedOutcome.ts';
import type { Exchange } from './Exchange.ts';

/**
 * The format the response must be in (TR-2, TR-3, GEN-3): the oracle's answer, which depends on the probe
 * alone, so it is the same with or without world control.
 */
export function expectedFormat(exchange: Exchange): FormatExpectation {
  return exchange.expectation?.format ?? formatExpectation(exchange.probe);
}
