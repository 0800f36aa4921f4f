import fc from 'fast-check';
import { encodeInstanceIds } from '../harness/wire/instanceIdsCodec.ts';
import type { Scenario, ScenarioConstraints } from './arbitraries/scenario.ts';
import { detachScenario } from './arbitraries/scenario.ts';

/**
 * Small scenarios where half the lists repeat their first ID: duplicates are where a target's handling
 * may quietly depend on the transport, the whitespace or the order (ID-7 against MR-1, MR-2, MR-4).
 */
export function scenarioOftenWithDuplicate(constraints: ScenarioConstraints = {}): fc.Arbitrary<Scenario> {
  return fc.tuple(detachScenario({ sizes: 'small', ...constraints }), fc.boolean()).map(([s, repeat]) => {
    const first = s.ids?.[0];
    if (!repeat || first === undefined || s.ids === null || s.style === null) return s;
    const ids = [...s.ids, first];
    return {
      ...s,
      ids,
      slots: [...s.slots, 'duplicate'],
      probe: { ...s.probe, instanceIds: encodeInstanceIds(ids, s.style) },
    };
  });
}
