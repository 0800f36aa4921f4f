import type { ClientInput } from '../../harness/clients/ClientUnderTest.ts';
import { plainSuccess } from '../../harness/clients/ServedDocument.ts';
import { defineProperty } from '../../harness/suite/PropertyDefinition.ts';
import { type ClientContext, runClientCase } from '../../harness/suite/runClientCase.ts';
import { clientInput } from '../arbitraries/clientInput.ts';

/**
 * Whatever the caller passes — Unicode region and key pair names, 1 to 50 instance IDs with commas,
 * quotes and emoji — the client sends Action and Version (CL-1), the caller's list as a JSON array in
 * order (CL-2), the names exactly (CL-3), and a fresh, current, verifying signature (CL-4). The stub
 * answers a plain success; the reply is not judged here.
 */
export const sendsRequestExactly = defineProperty<ClientInput, ClientContext>({
  id: 'request',
  title: 'every generated call is sent exactly, signed freshly',
  rules: ['CL-1', 'CL-2', 'CL-3', 'CL-4'],
  weight: 1,
  arbitrary: clientInput(),
  run: (context, input) =>
    runClientCase(context, {
      kind: 'single',
      input,
      plan: {
        kind: 'success',
        document: plainSuccess('9F3C8A7E-0B1D-4C2A-8E5F-6A7B8C9D0E1F', input.InstanceIds),
      },
      judgeReply: false,
    }),
  show: (input) => ({ input }),
});
