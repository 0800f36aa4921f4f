import fc from 'fast-check';
import { metamorphicProperty } from './metamorphicProperty.ts';
import { scenarioOftenWithDuplicate } from './withDuplicate.ts';

/** FM-1: the same request with `Format=JSON` and `Format=XML` gives the same normalised document. */
export const jsonAndXmlAgree = metamorphicProperty({
  id: 'fm-1',
  rule: 'FM-1',
  title: 'JSON and XML answers agree',
  weight: 0.25,
  arbitrary: fc
    .tuple(scenarioOftenWithDuplicate(), fc.constantFrom('JSON', 'json'), fc.constantFrom('XML', 'xml'))
    .map(([s, json, xml]) => ({
      scenario: { ...s, probe: { ...s.probe, format: json } },
      variant: { ...s.probe, format: xml },
      variation: `Format=${json} vs Format=${xml}`,
    })),
});
