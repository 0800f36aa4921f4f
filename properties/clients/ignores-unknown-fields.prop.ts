import fc from 'fast-check';
import { defineProperty } from '../../harness/suite/PropertyDefinition.ts';
import { type ClientContext, runClientCase } from '../../harness/suite/runClientCase.ts';
import {
  type ExtrasSpec,
  extrasSpec,
  type SuccessSpec,
  successDocumentOf,
  successSpec,
  withExtras,
} from '../arbitraries/successDocument.ts';
import { inputFor } from './decodes-every-success-form.prop.ts';

type Input = { spec: SuccessSpec; extras: ExtrasSpec };

/**
 * The same success body twice, without and then with unknown extra members at every depth (top level,
 * inside `Results`, inside each `Result`, nested objects and arrays): the client decodes the same values
 * both times (CL-7).
 */
export const ignoresUnknownFields = defineProperty<Input, ClientContext>({
  id: 'extras',
  title: 'unknown extra fields are ignored',
  rules: ['CL-7'],
  weight: 0.5,
  arbitrary: fc.record({ spec: successSpec(), extras: extrasSpec() }),
  run: (context, { spec, extras }) => {
    const plain = successDocumentOf(spec);
    return runClientCase(context, {
      kind: 'pair',
      input: inputFor(spec),
      plain,
      extended: withExtras(plain, extras),
    });
  },
  show: ({ spec, extras }) => ({
    input: inputFor(spec),
    served: withExtras(successDocumentOf(spec), extras),
  }),
});
