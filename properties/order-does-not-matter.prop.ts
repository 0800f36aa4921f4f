import fc from 'fast-check';
import { encodeInstanceIds } from '../harness/wire/instanceIdsCodec.ts';
import { metamorphicProperty } from './metamorphicProperty.ts';
import { scenarioOftenWithDuplicate } from './withDuplicate.ts';

/** MR-1: permuting `InstanceIds` changes no per-instance outcome. */
export const orderDoesNotMatter = metamorphicProperty({
  id: 'mr-1',
  rule: 'MR-1',
  title: 'the order of InstanceIds does not matter',
  weight: 0.25,
  arbitrary: scenarioOftenWithDuplicate()
    .filter((s) => s.ids !== null && s.style !== null && s.ids.length > 1)
    .chain((s) =>
      fc.array(fc.nat(), { minLength: s.ids?.length ?? 0, maxLength: s.ids?.length ?? 0 }).map((keys) => {
        const ids = s.ids ?? [];
        const permuted = ids
          .map((id, i) => ({ id, key: keys[i] ?? 0, i }))
          .sort((x, y) => x.key - y.key || x.i - y.i)
          .map((e) => e.id);
        return {
          scenario: s,
          variant: { ...s.probe, instanceIds: encodeInstanceIds(permuted, s.style ?? 'compact') },
          variation: `InstanceIds ${JSON.stringify(ids)} vs ${JSON.stringify(permuted)}`,
        };
      }),
    ),
});
