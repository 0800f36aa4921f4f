import type fc from 'fast-check';
import type { Probe } from '../../harness/wire/Probe.ts';
import { detachScenario, type ScenarioConstraints } from './scenario.ts';

/**
 * A DetachKeyPair request in the suite's model ({@link Probe}: scheme, transport, `Format`, `Action`,
 * `Version`, `RegionId`, `KeyPairName`, the raw `InstanceIds` value and any deliberate authentication
 * breakage), drawn exactly as `verify` draws them: the probe of a {@link detachScenario} with the same
 * constraints. Without constraints it is usually a well-formed request and sometimes an invalid one (missing or
 * empty parameters, unknown regions and key pairs, malformed IDs, invalid `InstanceIds` values);
 * `{ invalidInputs: false }` keeps it valid. The IDs it names refer to the scenario's World: use
 * {@link detachScenario} when the World the request is sent to matters.
 */
export function detachKeyPairRequest(constraints: ScenarioConstraints = {}): fc.Arbitrary<Probe> {
  return detachScenario(constraints).map((scenario) => scenario.probe);
}
