import { type Check, fail, pass, report } from './CheckOutcome.ts';
import { expectedFormat } from './expectedFormat.ts';

/**
 * The body is in the format the request asked for, successes and errors alike (TR-2, TR-3): `Format`
 * is read case-insensitively and wins; without it a V1 request gets XML and a V3 request JSON. For a V3
 * request that also carries `Format` either format is fine and the one chosen is recorded (GEN-3).
 * A body that does not parse in its own format is left to OK-1 and ERR-2.
 */
export const formatAsRequested: Check = {
  name: 'formatAsRequested',
  rules: ['TR-2', 'TR-3', 'GEN-3'],
  run(exchange) {
    const { decoded, probe } = exchange;
    if (decoded.parseError !== undefined || decoded.format === 'unknown') return [];
    const expected = expectedFormat(exchange);
    if (expected.format === 'either') {
      // GEN-3 (a V3 request with Format) is REPORT-level; an unsigned request has no default to demand.
      return expected.rule === 'GEN-3'
        ? [
            report(
              'GEN-3',
              `a V3 request with Format=${probe.format ?? ''} was answered in ${decoded.format.toUpperCase()}`,
            ),
          ]
        : [];
    }
    if (decoded.format === expected.format) return [pass(expected.rule)];
    const asked =
      probe.format === null
        ? `a ${probe.scheme.toUpperCase()} request without Format`
        : `Format=${probe.format}`;
    return [
      fail(
        expected.rule,
        `answered in ${decoded.format.toUpperCase()}, not the requested ${expected.format.toUpperCase()}`,
        `a ${expected.format.toUpperCase()} body for ${asked}`,
        `a ${decoded.format.toUpperCase()} body (Content-Type ${exchange.decoded.contentType ?? 'absent'})`,
      ),
    ];
  },
};
