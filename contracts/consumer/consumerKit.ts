import { MatchersV3, PactV3, PactV4, type TemplateHeaders } from '@pact-foundation/pact';
import { getFfiLib } from '@pact-foundation/pact-core';
import { expect } from 'vitest';
import type { DecodedResponse } from '../../harness/wire/decodeResponse.ts';
import {
  type ConsumerName,
  type ContractInteraction,
  type ContractResponse,
  type ExpectedOutcome,
  interactionsFor,
  providerName,
  stateParams,
} from '../interactions.ts';
import { pactDir, pactFileOf, readPact } from '../pactFiles.ts';

// Pact JS 16 does not export its V4 builder types from the package root.
type V4UnconfiguredInteraction = ReturnType<PactV4['addInteraction']>;
type V4InteractionWithRequest = ReturnType<V4UnconfiguredInteraction['withRequest']>;
type V4InteractionWithResponse = ReturnType<V4InteractionWithRequest['willRespondWith']>;

/**
 * What every consumer test shares: the Pact set-up (provider name, the committed pact directory, merge
 * mode), the provider state and comments of an interaction, its response, and the checks on what a client
 * decoded. The catalogue (contracts/interactions.ts) decides everything; a test only says how its client
 * puts the request on the wire.
 */

/**
 * A V4 pact for `consumer`, written to contracts/pacts. Pact JS writes after every passing interaction in
 * merge mode (the FFI's default): an interaction replaces the one with the same description and state, the
 * rest of the file stays, so re-running writes the same bytes. {@link expectPactFileCurrent} catches an
 * interaction that the catalogue no longer has.
 */
export function v4Pact(consumer: ConsumerName): PactV4 {
  return new PactV4({ consumer, provider: providerName, dir: pactDir, logLevel: 'error' });
}

/** A V3 pact for `consumer` (form bodies: see contracts/README.md), written like {@link v4Pact}. */
export function v3Pact(consumer: ConsumerName): PactV3 {
  return new PactV3({ consumer, provider: providerName, dir: pactDir, logLevel: 'error' });
}

/**
 * Starts a V4 interaction: provider state with the world (no access keys), the breakage to re-apply and the
 * consumer-only reason as parameters (target-protocol §1); the rules and the consumer-only mark as comments.
 */
export function describeV4(pact: PactV4, interaction: ContractInteraction): V4UnconfiguredInteraction {
  let builder = pact
    .addInteraction()
    .given(interaction.state, stateParams(interaction))
    .uponReceiving(interaction.description)
    .comment(`rules: ${interaction.rules.join(', ')}`);
  if (interaction.consumerOnly !== undefined) {
    builder = builder.comment({ key: 'consumerOnly', value: interaction.consumerOnly });
  }
  return builder;
}

/**
 * Options for every consumer test. The Rust mock server (Pact JS 16.3+) records a matched request on a
 * separate task after answering it, so `executeTest` can read "expected but not received" for a request
 * the client demonstrably got an answer to (pact-reference#535, pact-js#1835; fixed upstream in
 * pact-core-mock-server#14, not yet released for Node 20). {@link settle} waits for that bookkeeping
 * deterministically; the retry (a whole interaction on a fresh mock server; merge mode rewrites the same
 * bytes) stays as a second line should an upstream change break the wait.
 */
export const consumerTestOptions = { retry: 2 } as const;

/**
 * Waits until the mock server has recorded what it answered: every expected request matched, or a
 * mismatch other than a request still missing (a real mismatch, which `executeTest` then reports). No
 * clock: it yields to the event loop between looks, and a hang is the test timeout's to catch.
 */
export async function settle(mock: { port: number }): Promise<void> {
  const ffi = getFfiLib();
  for (;;) {
    if (ffi.pactffiMockServerMatched(mock.port)) return;
    const mismatches = JSON.parse(ffi.pactffiMockServerMismatches(mock.port) || '[]') as { type?: string }[];
    if (mismatches.some((m) => m.type !== 'missing-request')) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The interaction's response on a V4 request: a status matcher when the rules accept several statuses. */
export function respondV4(
  request: V4InteractionWithRequest,
  response: ContractResponse,
): V4InteractionWithResponse {
  const status =
    response.statuses === undefined
      ? response.status
      : MatchersV3.matchStatus(response.status, [...response.statuses]);
  return request.willRespondWith(status, (b) => {
    b.headers(response.headers as TemplateHeaders);
    if ('json' in response.body) b.jsonBody(response.body.json);
    else b.xmlBody(response.body.xml);
  });
}

/** The response as PactV3 takes it: V3 has no status matcher, so `status` alone (the example's). */
export function v3Response(response: ContractResponse): {
  status: number;
  headers: TemplateHeaders;
  body: unknown;
} {
  if (!('json' in response.body)) throw new Error('V3 pacts of this suite carry JSON responses only');
  return { status: response.status, headers: response.headers as TemplateHeaders, body: response.body.json };
}

/** The raw `InstanceIds` value a client passes: its list as JSON (`spaced` as in the reference), or a raw value. */
export function instanceIdsText(input: ContractInteraction['input'], style: 'compact' | 'spaced'): string {
  const ids = input.instanceIds;
  if (!Array.isArray(ids)) return (ids as { raw: string }).raw;
  return style === 'compact' ? JSON.stringify(ids) : `[${ids.map((id) => JSON.stringify(id)).join(', ')}]`;
}

/** The caller's list, or `undefined` for a raw value. */
export function instanceIdList(input: ContractInteraction['input']): readonly string[] | undefined {
  return Array.isArray(input.instanceIds) ? (input.instanceIds as readonly string[]) : undefined;
}

/**
 * CL-5, CL-6: the project client's decoded response holds exactly the example's values, by value (OK-9):
 * a success's counts and results (a list, OK-3), or an error's status, code, message and request ID.
 */
export function expectDecoded(decoded: DecodedResponse, expected: ExpectedOutcome): void {
  expect(decoded.parseError).toBeUndefined();
  expect(decoded.fields.RequestId?.value).toBe(expected.RequestId);
  if (expected.kind === 'error') {
    expect(decoded.status).toBe(expected.status);
    expect(decoded.fields.Code?.value).toBe(expected.Code);
    expect(decoded.fields.Message?.value).toBe(expected.Message);
    return;
  }
  expect(decoded.status).toBe(200);
  expect(decoded.fields.TotalCount?.value).toBe(expected.TotalCount);
  expect(decoded.fields.FailCount?.value).toBe(expected.FailCount);
  expect(decoded.results.container).toBe('array');
  expect(
    decoded.results.entries.map((e) => ({
      InstanceId: e.InstanceId?.value,
      Success: e.Success?.value,
      Code: e.Code?.value,
      Message: e.Message?.value,
    })),
  ).toEqual(expected.Results);
}

/**
 * The committed pact file of `consumer` holds exactly the catalogue's interactions for it: merge mode never
 * drops an interaction, so one renamed or removed in the catalogue would linger. The message says what to do.
 */
export async function expectPactFileCurrent(consumer: ConsumerName): Promise<void> {
  const pact = await readPact(pactFileOf(consumer));
  const inFile = pact.interactions.map((i) => i.description).sort();
  const wanted = interactionsFor(consumer)
    .map((i) => i.description)
    .sort();
  expect(
    inFile,
    `${pactFileOf(consumer)} holds interactions the catalogue no longer has: delete the file and re-run the consumer tests`,
  ).toEqual(wanted);
  expect(pact.provider.name).toBe(providerName);
}
