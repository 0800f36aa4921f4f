import type { CheckOutcome } from '../../checks/CheckOutcome.ts';
import type { RuleId } from '../../spec/rules.ts';
import type { ClientCall, ClientReply } from '../ClientUnderTest.ts';
import type { ErrorDocument, SuccessDocument } from '../ServedDocument.ts';
import type { StubExchange } from '../stubServer.ts';

/**
 * What a case served and therefore which reply rules it judges: `request` cases judge only the requests
 * (CL-1..CL-4; the stub serves a plain success), `success` cases also the decoded values (CL-5), `error`
 * cases the surfaced error (CL-6, CL-8).
 */
export type ServedCase =
  | { kind: 'request' }
  | { kind: 'success'; document: SuccessDocument }
  | { kind: 'error'; document: ErrorDocument };

/**
 * One call of a client under test, as the client checks read it: the call, every request it caused
 * (retries included) with the stub's answer, what the case served, the client's reply, and the nonces
 * seen earlier in the run (CL-4). Checks never send anything.
 */
export type ClientExchange = {
  call: ClientCall;
  exchanges: readonly StubExchange[];
  served: ServedCase;
  /** An answer or an error: skipped and inconclusive calls are never judged. */
  reply: Extract<ClientReply, { ok: boolean }>;
  /** Every nonce seen in earlier calls of the run. */
  previousNonces: ReadonlySet<string>;
};

/** A named client check: one small function judging one CL rule on one call; `[]` when it does not apply. */
export type ClientCheck = {
  name: string;
  rules: readonly RuleId[];
  run: (exchange: ClientExchange) => CheckOutcome[];
};
