import type { FormatExpectation } from '../oracle/Expectation.ts';
import type { Exchange } from './Exchange.ts';

/**
 * The format the response must be in (TR-2, TR-3, GEN-3): the oracle's answer, or without world control
 * the same computed from the probe. `Format` (any case) wins for V1; a V3 request that also carries
 * `Format` may be answered in either format (GEN-3); without `Format`, V1 → XML and V3 → JSON.
 */
export function expectedFormat(exchange: Exchange): FormatExpectation {
  if (exchange.expectation !== null) return exchange.expectation.format;
  const { probe } = exchange;
  if (probe.format !== null) {
    if (probe.scheme === 'v3') return { format: 'either', rule: 'GEN-3' };
    return { format: probe.format.toLowerCase() === 'xml' ? 'xml' : 'json', rule: 'TR-2' };
  }
  return { format: probe.scheme === 'v1' ? 'xml' : 'json', rule: 'TR-3' };
}
