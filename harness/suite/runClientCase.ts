import type { CheckOutcome } from '../checks/CheckOutcome.ts';
import type { ClientCase } from '../clients/ClientCase.ts';
import {
  type ClientCredentials,
  type ClientInput,
  type ClientUnderTest,
  transportErrorCode,
} from '../clients/ClientUnderTest.ts';
import type { ClientExchange, ServedCase } from '../clients/checks/ClientExchange.ts';
import { judgeClientExchange } from '../clients/checks/index.ts';
import { unknownFieldsIgnored } from '../clients/checks/unknownFieldsIgnored.ts';
import { type ResponsePlan, renderServed } from '../clients/renderServed.ts';
import type { StubServer } from '../clients/stubServer.ts';
import { paramValues, requestedFormat, viewRequest } from '../clients/viewRequest.ts';
import type { RuleId } from '../spec/rules.ts';
import type { PropertyRun } from './PropertyDefinition.ts';

/** Everything a client case needs: the client, the stub it is pointed at, the run's credentials and nonces. */
export type ClientContext = {
  client: ClientUnderTest;
  stub: StubServer;
  credentials: ClientCredentials;
  /** Every nonce any request of the run carried (CL-4: fresh on every request). */
  nonces: Set<string>;
  /** Call IDs are `c1`, `c2`, … in run order. */
  calls: number;
};

/** The rules a call judges: the requests always, the reply by what was served. */
function rulesOf(served: ServedCase): RuleId[] {
  const request: RuleId[] = ['CL-1', 'CL-2', 'CL-3', 'CL-4'];
  if (served.kind === 'success') return [...request, 'CL-5'];
  if (served.kind === 'error') return [...request, 'CL-6', 'CL-8'];
  return request;
}

function nonceOf(exchange: ClientExchange['exchanges'][number]): string | undefined {
  const view = viewRequest(exchange.request);
  return view.scheme === 'v3'
    ? exchange.request.headers['x-acs-signature-nonce']
    : paramValues(view, 'SignatureNonce')[0];
}

type CallResult =
  | { status: 'judged'; exchange: ClientExchange; outcomes: CheckOutcome[] }
  | { status: 'skipped'; reason: string; outcomes: CheckOutcome[] }
  | { status: 'inconclusive'; reason: string };

/**
 * Makes one call: points the stub at `plan` (rendered in the format each request asks for, target-protocol
 * §3), calls the client, and judges every request and the reply with the client checks. A timed-out call,
 * a dead testee, an adapter that threw, or a transport failure before any request reached the stub is
 * inconclusive; a skipped call records `skip` for its rules.
 */
async function runClientCall(
  context: ClientContext,
  input: ClientInput,
  plan: ResponsePlan,
  served: ServedCase,
): Promise<CallResult> {
  const id = `c${++context.calls}`;
  const call = {
    id,
    op: 'DetachKeyPair',
    endpoint: context.stub.origin,
    credentials: context.credentials,
    regionId: input.RegionId,
    input: { ...input, InstanceIds: [...input.InstanceIds] },
  };
  context.stub.begin((request) => renderServed(plan, requestedFormat(request)));
  let reply: Awaited<ReturnType<ClientUnderTest['detachKeyPair']>>;
  try {
    reply = await context.client.detachKeyPair(call);
  } catch (error) {
    reply = { inconclusive: `the client threw: ${error instanceof Error ? error.message : String(error)}` };
  }
  // Requests are remembered even when the call ends inconclusive: their nonces stay spent (CL-4).
  const exchanges = context.stub.end();
  const previousNonces = new Set(context.nonces);
  for (const exchange of exchanges) {
    const nonce = nonceOf(exchange);
    if (nonce !== undefined) context.nonces.add(nonce);
  }
  if ('inconclusive' in reply) return { status: 'inconclusive', reason: reply.inconclusive };
  if ('skipped' in reply) {
    return {
      status: 'skipped',
      reason: reply.skipped,
      outcomes: rulesOf(served).map((rule) => ({
        status: 'skip' as const,
        rule,
        reason: `the client skipped the call: ${reply.skipped}`,
      })),
    };
  }
  if (!reply.ok && reply.error.Code === transportErrorCode && exchanges.length === 0) {
    return { status: 'inconclusive', reason: `transport failure before any request: ${reply.error.Message}` };
  }
  const exchange: ClientExchange = { call, exchanges, served, reply, previousNonces };
  return { status: 'judged', exchange, outcomes: judgeClientExchange(exchange) };
}

/**
 * Runs one {@link ClientCase} and returns its outcomes and call counts, the shape properties return. A
 * `pair` makes two calls (without, then with unknown extra members) and adds CL-7's comparison.
 */
export async function runClientCase(context: ClientContext, clientCase: ClientCase): Promise<PropertyRun> {
  if (clientCase.kind === 'single') {
    const served: ServedCase = !clientCase.judgeReply
      ? { kind: 'request' }
      : clientCase.plan.kind === 'success'
        ? { kind: 'success', document: clientCase.plan.document }
        : { kind: 'error', document: clientCase.plan.document };
    const result = await runClientCall(context, clientCase.input, clientCase.plan, served);
    return result.status === 'inconclusive'
      ? { outcomes: [], requests: 1, inconclusive: 1 }
      : { outcomes: result.outcomes, requests: 1, inconclusive: 0 };
  }
  const plain = await runClientCall(
    context,
    clientCase.input,
    { kind: 'success', document: clientCase.plain },
    { kind: 'success', document: clientCase.plain },
  );
  const extended = await runClientCall(
    context,
    clientCase.input,
    { kind: 'success', document: clientCase.extended },
    { kind: 'request' },
  );
  const outcomes: CheckOutcome[] = [];
  let inconclusive = 0;
  for (const result of [plain, extended]) {
    if (result.status === 'inconclusive') inconclusive++;
    else outcomes.push(...result.outcomes);
  }
  if (plain.status === 'judged' && extended.status === 'judged') {
    outcomes.push(...unknownFieldsIgnored(plain.exchange, extended.exchange));
  } else if (plain.status === 'skipped' || extended.status === 'skipped') {
    outcomes.push({ status: 'skip', rule: 'CL-7', reason: 'the client skipped the call' });
  }
  return { outcomes, requests: 2, inconclusive };
}
