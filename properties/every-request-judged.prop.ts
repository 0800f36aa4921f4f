import { defineProperty } from '../harness/suite/PropertyDefinition.ts';
import { detachScenario, type Scenario } from './arbitraries/scenario.ts';
import { judgeProbe, redactWorld } from './judgeProbe.ts';

/** Shows a scenario in a report: the world without secrets, the probe, and what each requested ID is. */
export function showScenario(s: Scenario): unknown {
  return { world: redactWorld(s.world), probe: s.probe, slots: s.slots };
}

/**
 * Every generated request — lists of 0 to 200 IDs of every kind, every encoding, transport, scheme and
 * format, valid and invalid parameters, lone defects and near misses of existing identifiers — is judged
 * by every check against the oracle.
 */
export const everyRequestJudged = defineProperty<Scenario>({
  id: 'detach',
  title: 'every generated DetachKeyPair request is judged against the oracle',
  rules: [
    'TR-1',
    'TR-2',
    'TR-3',
    'TR-4',
    'TR-5',
    'AU-1',
    'AU-2',
    'GEN-1',
    'GEN-3',
    'GEN-4',
    'GEN-5',
    'RQ-4',
    'RQ-5',
    'ID-1',
    'ID-2',
    'ID-3',
    'ID-4',
    'ID-5',
    'ID-6',
    'ID-7',
    'KP-1',
    'KP-2',
    'KP-3',
    'WIN-1',
    'WIN-2',
    'OK-1',
    'OK-2',
    'OK-3',
    'OK-4',
    'OK-5',
    'OK-6',
    'OK-7',
    'OK-8',
    'OK-9',
    'OK-10',
    'OK-11',
    'ERR-1',
    'ERR-2',
    'ERR-3',
    'ERR-4',
    'ST-0',
    'ST-1',
    'ST-2',
    'ST-3',
    'ST-4',
    'ST-5',
  ],
  weight: 1,
  arbitrary: detachScenario({ sizes: 'all', blindSpots: true }),
  run: async (target, s) => (await judgeProbe(target, s.world, s.key, s.probe)).run,
  show: showScenario,
});
