import { classifyInstanceIds } from '../oracle/classifyInstanceIds.ts';
import type { Probe } from '../wire/Probe.ts';
import { type Check, fail, pass } from './CheckOutcome.ts';
import type { Exchange } from './Exchange.ts';

/**
 * A request that is wrong in some way never gets a 5xx (ERR-4): 5xx is for genuine server faults. The
 * input is wrong when the oracle lists any error condition for it, or, without world control, when the
 * probe alone shows it (a broken signature, a wrong Action or Version, a missing or empty parameter, an
 * `InstanceIds` that is not a JSON list of 1 to 50 IDs; a bare comma list is a documented form, ID-6).
 * Throttling (a code containing `Throttling`, or 503 `ServiceUnavailable`) is not a verdict on the input:
 * the runner treats it as inconclusive.
 */
export const noServerErrorOnBadInput: Check = {
  name: 'noServerErrorOnBadInput',
  rules: ['ERR-4'],
  run(exchange) {
    const causes = badInput(exchange);
    if (causes.length === 0) return [];
    const { status } = exchange.decoded;
    const code = exchange.decoded.fields.Code?.value ?? '';
    if (code.includes('Throttling') || (status === 503 && code === 'ServiceUnavailable')) return [];
    if (status < 500) return [pass('ERR-4')];
    return [
      fail(
        'ERR-4',
        'a server error for malformed input',
        `a 4xx error for: ${causes.join('; ')}`,
        `status ${status}${code === '' ? '' : ` ${code}`}`,
      ),
    ];
  },
};

function badInput(exchange: Exchange): string[] {
  if (exchange.expectation !== null)
    return exchange.expectation.conditions.map((c) => `${c.rule}: ${c.cause}`);
  return probeFaults(exchange.probe);
}

/** What is wrong with a probe on its face, with no world to consult. */
function probeFaults(probe: Probe): string[] {
  const causes: string[] = [];
  if (probe.breakage !== null) causes.push(`authentication broken: ${probe.breakage}`);
  if (probe.action !== 'DetachKeyPair') causes.push(`Action ${JSON.stringify(probe.action)}`);
  if (probe.version !== '2014-05-26') causes.push(`Version ${JSON.stringify(probe.version)}`);
  for (const [name, value] of [
    ['RegionId', probe.regionId],
    ['KeyPairName', probe.keyPairName],
  ] as const) {
    if (value === null || value === '') causes.push(`${name} ${value === null ? 'missing' : 'empty'}`);
  }
  if (probe.instanceIds === null) causes.push('InstanceIds missing');
  else {
    // The oracle's reading of the value (GEN-1, ID-1, ID-3..ID-5), not the emulator's.
    const value = classifyInstanceIds(probe.instanceIds);
    if (value.rule === 'GEN-1') causes.push('InstanceIds empty');
    else if (value.rule === 'ID-4') causes.push(`InstanceIds malformed: ${value.why}`);
    else if (value.rule === 'ID-5') causes.push('InstanceIds with 0 IDs');
    else if (value.rule === 'ID-1' && new Set(value.ids).size > 50) {
      causes.push(`InstanceIds with ${value.ids.length} IDs`);
    }
  }
  return causes;
}
