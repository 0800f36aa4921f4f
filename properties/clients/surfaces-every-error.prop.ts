import { defineProperty } from '../../harness/suite/PropertyDefinition.ts';
import { type ClientContext, runClientCase } from '../../harness/suite/runClientCase.ts';
import { type ErrorSpec, errorDocumentOf, errorSpec } from '../arbitraries/errorDocument.ts';

const input = {
  RegionId: 'cn-hangzhou',
  KeyPairName: 'kp-conformance',
  InstanceIds: ['i-bp1d6tsvznfghy7yk4q2'],
};

/**
 * Every catalogued error, with its documented or alternative status and fields in any order, surfaces
 * its `Code`, `Message` and `RequestId` (CL-6, and SHOULD its status); throttling and 503 are
 * recognisable as retryable (CL-8). CL-4 is judged here too: a client that retries an error must sign
 * every retry with a fresh nonce.
 */
export const surfacesEveryError = defineProperty<ErrorSpec, ClientContext>({
  id: 'error',
  title: 'every catalogued error surfaces intact',
  rules: ['CL-4', 'CL-6', 'CL-8'],
  weight: 0.5,
  arbitrary: errorSpec(),
  run: (context, spec) =>
    runClientCase(context, {
      kind: 'single',
      input,
      plan: { kind: 'error', document: errorDocumentOf(spec) },
      judgeReply: true,
    }),
  show: (spec) => ({ input, served: errorDocumentOf(spec) }),
});
