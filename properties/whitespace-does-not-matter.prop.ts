import fc from 'fast-check';
import { encodeInstanceIds, type InstanceIdsStyle } from '../harness/wire/instanceIdsCodec.ts';
import { metamorphicProperty } from './metamorphicProperty.ts';
import { scenarioOftenWithDuplicate } from './withDuplicate.ts';

const jsonStyles: InstanceIdsStyle[] = ['spaced', 'compact', 'pretty', 'padded'];

/** MR-4: JSON whitespace variants of the same `InstanceIds` give the same outcome (ID-1). */
export const whitespaceDoesNotMatter = metamorphicProperty({
  id: 'mr-4',
  rule: 'MR-4',
  title: 'JSON whitespace in InstanceIds does not matter',
  weight: 0.25,
  arbitrary: fc
    .tuple(
      scenarioOftenWithDuplicate({ styles: jsonStyles }).filter((s) => s.ids !== null),
      fc.constantFrom(...jsonStyles),
      fc.constantFrom(...jsonStyles),
    )
    .filter(([, a, b]) => a !== b)
    .map(([s, a, b]) => ({
      scenario: { ...s, probe: { ...s.probe, instanceIds: encodeInstanceIds(s.ids ?? [], a) } },
      variant: { ...s.probe, instanceIds: encodeInstanceIds(s.ids ?? [], b) },
      variation: `${a} vs ${b} JSON`,
    })),
});
