import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Verifier, type VerifierOptions } from '@pact-foundation/pact';
import { request } from 'undici';
import type { AccessKey } from '../../harness/spec/World.ts';
import { isRetryable } from '../../harness/targets/interceptors/withRetry.ts';
import { sendWire } from '../../harness/targets/sendWire.ts';
import type { Breakage } from '../../harness/wire/Probe.ts';
import { encodeParams } from '../../harness/wire/percentEncode.ts';
import type { WireRequest } from '../../harness/wire/WireMessage.ts';
import { rulesOf } from '../interactions.ts';
import { type PactInteraction, readPact } from '../pactFiles.ts';
import { blameRules } from './blameRules.ts';
import type { ContractResult } from './ContractResult.ts';
import { parseVerifierResults } from './parseVerifierResults.ts';
import { replayableBreakages, resignReplayed } from './resignReplayed.ts';

/** What one verification needs: the target, its world URL, the run's credentials and the pact files. */
export type PactVerificationRequest = {
  /** The target's origin, e.g. `http://127.0.0.1:4000`. */
  origin: string;
  /** The target's world URL (target-protocol §1). */
  worldUrl: string;
  /** The run's credentials: added to every world, used to re-sign every replayed request. */
  credentials: AccessKey;
  pactFiles: readonly string[];
};

/** Provider-state parameters as this suite's pacts carry them (target-protocol §1). */
type StateParams = { world?: unknown; auth?: unknown; consumerOnly?: unknown };

/** The express request the Pact proxy hands a request filter: a node request plus the parsed body. */
type ProxyRequest = IncomingMessage & { body?: unknown };

/** What the target answered to one replayed request, kept to read the error code a mismatch hides. */
export type ReplayedExchange = { status: number; contentType: string; body: string };

const stateSetupPath = '/_pactSetup';

/**
 * Verifies pact files against a target with Pact's `Verifier`, one file at a time (so each result keeps its
 * consumer), and returns one {@link ContractResult} per interaction:
 *
 * - `stateHandlers` forward each provider state, setup and teardown, to the world URL; setup adds the run's
 *   credentials to `params.world.accessKeys` (pacts carry none).
 * - `requestFilter` re-signs every replayed request with the run's credentials and fresh volatile values,
 *   then re-applies the interaction's breakage (`params.auth`), so negative-auth interactions still break
 *   exactly what they claim ({@link resignReplayed}). It then sends the request to the target itself and
 *   answers the verifier with the target's response, byte for byte: the bytes it signed are the bytes
 *   sent (no second proxy re-serialising the body), and the response is kept, so that a failure can be
 *   blamed on the rule the target's actual error code points at ({@link blameRules}).
 * - Interactions marked consumer-only (`params.consumerOnly`), or whose breakage a replay cannot carry, are
 *   left out of the verified copy and reported `skip` with the reason.
 *
 * `providerStatesSetupUrl` is deliberately not passed: Pact JS then ignores `stateHandlers`. Pact prints its
 * own report to this process's stdout (the FFI writes there directly); `verifyContracts` runs this in a
 * child process to keep that out of the caller's output.
 */
export async function verifyPactFiles(req: PactVerificationRequest): Promise<ContractResult[]> {
  const results: ContractResult[] = [];
  const dir = await mkdtemp(join(tmpdir(), 'dkp-contracts-'));
  try {
    for (const file of req.pactFiles) results.push(...(await verifyOne(file, dir, req)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return results;
}

function paramsOf(interaction: PactInteraction): { state: string | undefined; params: StateParams } {
  const state = interaction.providerStates?.[0];
  return { state: state?.name, params: (state?.params ?? {}) as StateParams };
}

/** Why an interaction cannot be replayed against a world, or `undefined` when it can. */
function skipReason(interaction: PactInteraction): string | undefined {
  const { params } = paramsOf(interaction);
  if (typeof params.consumerOnly === 'string') return params.consumerOnly;
  if (params.consumerOnly !== undefined) return 'consumer-only';
  if (params.auth !== undefined && !replayableBreakages.has(String(params.auth))) {
    return `breakage "${String(params.auth)}" cannot be re-applied to a replayed request`;
  }
  return undefined;
}

async function verifyOne(file: string, dir: string, req: PactVerificationRequest): Promise<ContractResult[]> {
  const pact = await readPact(file);
  const consumer = pact.consumer.name;
  const base = (interaction: PactInteraction) => {
    const { state } = paramsOf(interaction);
    return {
      consumer,
      interaction: interaction.description,
      rules: rulesOf(consumer, interaction.description),
      ...(state === undefined ? {} : { state }),
    };
  };
  const results: ContractResult[] = [];
  const toRun: PactInteraction[] = [];
  for (const interaction of pact.interactions) {
    const reason = skipReason(interaction);
    if (reason === undefined) toRun.push(interaction);
    else results.push({ ...base(interaction), status: 'skip', reason });
  }
  if (toRun.length === 0) return results;

  const copy = join(dir, basename(file));
  await writeFile(copy, JSON.stringify({ ...pact, interactions: toRun }));
  const stateErrors = new Map<string, string>();
  let current: StateParams = {};
  let currentState = '';
  // States whose replayed request met a transport failure or a retryable answer (503, throttling): those
  // interactions are inconclusive, never pass or fail (target-protocol §2).
  const inconclusive = new Map<string, string>();
  const host = new URL(req.origin).host;
  const exchanges: ReplayedExchange[] = [];

  const stateHandlers = Object.fromEntries(
    [...new Set(toRun.map((i) => paramsOf(i).state ?? ''))].map((state) => [
      state,
      {
        setup: async (parameters?: unknown) => {
          const params = (parameters ?? {}) as StateParams;
          current = params;
          currentState = state;
          try {
            if (typeof params.world !== 'object' || params.world === null) {
              throw new Error('the provider state carries no params.world');
            }
            const world = { ...(params.world as object), accessKeys: [req.credentials] };
            await postWorld(req.worldUrl, { action: 'setup', state, params: { ...params, world } });
          } catch (error) {
            stateErrors.set(state, `setup: ${(error as Error).message}`);
            throw error;
          }
          return undefined;
        },
        teardown: async (parameters?: unknown) => {
          current = {};
          try {
            await postWorld(req.worldUrl, { action: 'teardown', state, params: parameters ?? {} });
          } catch (error) {
            stateErrors.set(state, `teardown: ${(error as Error).message}`);
            throw error;
          }
          return undefined;
        },
      },
    ]),
  );

  const requestFilter = (incoming: ProxyRequest, res: ServerResponse, next: (error?: unknown) => void) => {
    if ((incoming.url ?? '').startsWith(stateSetupPath)) {
      next();
      return;
    }
    const breakage = typeof current.auth === 'string' ? (current.auth as Breakage) : null;
    let out: WireRequest;
    try {
      out = resignReplayed(toWire(incoming), { key: req.credentials, host, now: Date.now(), breakage });
    } catch (error) {
      next(error);
      return;
    }
    const state = currentState;
    sendWire(req.origin, out).then(
      (response) => {
        if (isRetryable(response))
          inconclusive.set(state, `the target answered HTTP ${response.status} (retryable)`);
        const body = new TextDecoder().decode(response.body);
        exchanges.push({
          status: response.status,
          contentType: response.headers['content-type'] ?? '',
          body,
        });
        const headers = Object.fromEntries(
          Object.entries(response.headers).filter(([name]) => !hopByHop.has(name)),
        );
        res.writeHead(response.status, { ...headers, 'content-length': String(response.body.length) });
        res.end(Buffer.from(response.body));
      },
      (error: unknown) => {
        inconclusive.set(
          state,
          `transport failure: ${(error as { code?: string }).code ?? (error as Error).message}`,
        );
        next(error);
      },
    );
  };

  let json: string;
  try {
    json = await new Verifier({
      providerBaseUrl: req.origin,
      provider: pact.provider.name,
      pactUrls: [copy],
      logLevel: 'error',
      changeOrigin: false,
      // Pact types stateHandlers as HTTP and message handlers at once; these are HTTP state handlers.
      stateHandlers: stateHandlers as unknown as NonNullable<VerifierOptions['stateHandlers']>,
      // biome-ignore lint/suspicious/noExplicitAny: Pact types requestFilter as express.RequestHandler, which this project does not depend on.
      requestFilter: requestFilter as any,
    }).verifyProvider();
  } catch (error) {
    // A failed verification rejects with the same JSON as its message.
    json = (error as Error).message;
  }
  const verified = parseVerifierResults(
    json,
    toRun.map((i) => i.description),
  );
  for (const interaction of toRun) {
    const { state } = paramsOf(interaction);
    const stateError = stateErrors.get(state ?? '');
    const outcome = verified.get(interaction.description) ?? { status: 'fail' as const };
    // One request per interaction, in the order Pact ran them: the n-th exchange answered the n-th.
    const exchange =
      outcome.index !== undefined && exchanges.length === verified.size
        ? exchanges[outcome.index]
        : undefined;
    const unanswered = inconclusive.get(state ?? '');
    if (unanswered !== undefined) {
      results.push({ ...base(interaction), status: 'skip', reason: `inconclusive: ${unanswered}` });
    } else if (stateError !== undefined) {
      results.push({
        ...base(interaction),
        status: 'fail',
        reason: `the world URL refused the provider state (${stateError})`,
        stateError,
        ...(outcome.mismatch === undefined ? {} : { mismatch: outcome.mismatch }),
      });
    } else if (outcome.status === 'pass') {
      results.push({ ...base(interaction), status: 'pass' });
    } else {
      const answered =
        exchange === undefined
          ? ''
          : `\nthe target answered HTTP ${exchange.status}: ${exchange.body.replace(/\s+/g, ' ').slice(0, 400)}`;
      const mismatch = `${outcome.mismatch ?? 'Pact reported a failure without details'}${answered}`;
      const blame = blameRules(consumer, interaction.description, outcome.mismatches ?? [], exchange);
      results.push({
        ...base(interaction),
        status: 'fail',
        reason: mismatch.split('\n')[0] ?? mismatch,
        mismatch,
        failedRules: blame.failed,
        passedRules: blame.passed,
      });
    }
  }
  // Keep the pact file's order: skipped and verified interactions interleave as the consumer wrote them.
  const order = new Map(pact.interactions.map((i, n) => [i.description, n]));
  return results.sort((a, b) => (order.get(a.interaction) ?? 0) - (order.get(b.interaction) ?? 0));
}

async function postWorld(worldUrl: string, message: unknown): Promise<void> {
  const response = await request(worldUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(message),
    headersTimeout: 30_000,
    bodyTimeout: 30_000,
  });
  const text = await response.body.text();
  if (response.statusCode < 200 || response.statusCode > 299) {
    throw new Error(`HTTP ${response.statusCode}: ${text.slice(0, 300)}`);
  }
}

const encoder = new TextEncoder();

/**
 * The replayed request as a {@link WireRequest}. The Pact proxy has already parsed the body (JSON and form
 * bodies into objects, anything else into a Buffer): a form body is written back with the suite's encoder,
 * which the V1 signature does not depend on (it signs decoded values).
 */
function toWire(incoming: ProxyRequest): WireRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  const body = incoming.body;
  let bytes: Uint8Array;
  if (Buffer.isBuffer(body)) bytes = new Uint8Array(body);
  else if (body === undefined || body === null) bytes = new Uint8Array();
  else if (typeof body === 'object' && Object.keys(body).length === 0) bytes = new Uint8Array();
  else if (typeof body === 'object' && (headers['content-type'] ?? '').includes('x-www-form-urlencoded')) {
    const params = Object.entries(body as Record<string, unknown>).flatMap(([k, v]) =>
      (Array.isArray(v) ? v : [v]).map((x) => [k, typeof x === 'string' ? x : JSON.stringify(x)] as const),
    );
    bytes = encoder.encode(encodeParams(params));
  } else if (typeof body === 'object') bytes = encoder.encode(JSON.stringify(body));
  else bytes = encoder.encode(String(body));
  for (const name of hopByHop) delete headers[name];
  return { method: incoming.method ?? 'GET', target: incoming.url ?? '/', headers, body: bytes };
}

/** Headers that belong to one connection, or that the sender recomputes: never forwarded either way. */
const hopByHop = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'expect',
  'proxy-connection',
  'te',
  'trailer',
  'content-length',
  // Asked for by the verifier; dropped so the target answers plain bodies the suite can read.
  'accept-encoding',
]);
