import { defineProperty } from '../../harness/suite/PropertyDefinition.ts';
import { type ClientContext, runClientCase } from '../../harness/suite/runClientCase.ts';
import { type SuccessSpec, successDocumentOf, successSpec } from '../arbitraries/successDocument.ts';

/** The caller's input for a served success: the results' IDs in order, the served key pair name or a fixed one. */
export function inputFor(spec: SuccessSpec) {
  return {
    RegionId: 'cn-hangzhou',
    KeyPairName: spec.KeyPairName ?? 'kp-conformance',
    InstanceIds: spec.results.map((r) => r.InstanceId),
  };
}

/**
 * Every success form OK-9 allows — counts as decimal strings or integers, `Success` as strings or
 * booleans, `Code` as strings or numbers — with 1 to 50 results and fields in any order, served in the
 * format the client asked for, decodes to the same values (CL-5).
 */
export const decodesEverySuccessForm = defineProperty<SuccessSpec, ClientContext>({
  id: 'success',
  title: 'every success form decodes to its values',
  rules: ['CL-5'],
  weight: 1,
  arbitrary: successSpec(),
  run: (context, spec) =>
    runClientCase(context, {
      kind: 'single',
      input: inputFor(spec),
      plan: { kind: 'success', document: successDocumentOf(spec) },
      judgeReply: true,
    }),
  show: (spec) => ({ input: inputFor(spec), served: successDocumentOf(spec) }),
});
