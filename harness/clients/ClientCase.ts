import type { ClientInput } from './ClientUnderTest.ts';
import type { ResponsePlan } from './renderServed.ts';
import type { SuccessDocument } from './ServedDocument.ts';

/**
 * One case the `sdk` command runs against a client: a fixed case (the reference's samples, the error
 * catalogue) or a generated one (fast-check).
 *
 * - `single`: one call; the stub answers every request with `plan`; with `judgeReply` the reply is judged
 *   too (a success by CL-5, an error by CL-6 and CL-8), otherwise only the requests (CL-1..CL-4).
 * - `pair`: two calls answered with the same success body, without and with unknown extra members (CL-7).
 *
 * Every request of every call is judged by CL-1..CL-4.
 */
export type ClientCase =
  | { kind: 'single'; input: ClientInput; plan: ResponsePlan; judgeReply: boolean }
  | { kind: 'pair'; input: ClientInput; plain: SuccessDocument; extended: SuccessDocument };
