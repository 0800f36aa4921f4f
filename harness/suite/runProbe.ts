import type { Exchange } from '../checks/Exchange.ts';
import { expectedOutcome, type OracleContext } from '../oracle/expectedOutcome.ts';
import type { AccessKey, World } from '../spec/World.ts';
import { compose, type Send } from '../targets/interceptors/Send.ts';
import { transportSend } from '../targets/interceptors/transportSend.ts';
import { withRetry } from '../targets/interceptors/withRetry.ts';
import type { Target } from '../targets/Target.ts';
import { definedOnly } from '../util/definedOnly.ts';
import { decodeResponse } from '../wire/decodeResponse.ts';
import { encodeProbe } from '../wire/encodeProbe.ts';
import type { Probe } from '../wire/Probe.ts';

/**
 * The result of sending one probe: an exchange to judge, or an inconclusive attempt (never pass or fail).
 * `requests` counts API requests as the inconclusive share of target-protocol §4 does: one per probe,
 * however many times it was retried; `attempts` counts the HTTP requests sent, retries included.
 */
export type ProbeResult =
  | { kind: 'exchange'; exchange: Exchange; requests: number; attempts: number }
  | { kind: 'inconclusive'; reason: string; requests: number; attempts: number };

/** Options of {@link runProbe}. */
export type RunProbeOptions = {
  key: AccessKey;
  /** With world control: load this world first and read the world back after. */
  world: World | null;
  /** The world the oracle judges against when the target has none (an assumed world); defaults to `world`. */
  assumedWorld?: World;
  replayNonce?: string;
  oracle?: OracleContext;
  /** Whether to load `world` before sending (false when a sequence continues on the target's state). */
  load?: boolean;
  /** Backoff base (ms) of the default retries; tests set it low. */
  backoffMs?: number;
  /**
   * The interceptor chain to send through (`audit`: rate limit, timeout, retries, recording). Default: the
   * target's `send` with `withRetry`.
   */
  send?: Send;
  /** Temporary credentials, sent as `SecurityToken` / `x-acs-security-token`. */
  securityToken?: string;
  /** The probe's stable name, for recordings. */
  name?: string;
};

/**
 * Sends one probe and gathers everything the checks read. The request is built by a factory, so the
 * retries of the chain (`withRetry`: throttling and 503, backoff and jitter, `Retry-After` honoured)
 * re-sign it with a fresh nonce each time; transport failures and exhausted retries are inconclusive
 * (target-protocol §2). Probes are sent as non-mutating: with world control every probe runs on a world
 * the suite loaded, and without it only read-only probes are sent.
 */
export async function runProbe(target: Target, probe: Probe, options: RunProbeOptions): Promise<ProbeResult> {
  const world = options.world;
  if (world !== null && options.load !== false) await target.loadWorld(world);
  const send =
    options.send ??
    compose(
      transportSend((request, sendOptions) => target.send(request, sendOptions)),
      withRetry({ baseMs: options.backoffMs ?? 200 }),
    );
  const outcome = await send({
    build: () =>
      encodeProbe(probe, {
        key: options.key,
        host: target.host,
        now: Date.now(),
        ...definedOnly({ replayNonce: options.replayNonce, securityToken: options.securityToken }),
      }).wire,
    mutating: false,
    probe,
    ...definedOnly({ name: options.name }),
  });
  if (outcome.kind === 'inconclusive')
    return { kind: 'inconclusive', reason: outcome.reason, requests: 1, attempts: outcome.attempts };
  const worldAfter = world === null ? null : await target.readWorld();
  const judgedWorld = options.assumedWorld ?? world;
  const exchange: Exchange = {
    probe,
    request: outcome.request,
    response: outcome.response,
    decoded: decodeResponse(outcome.response),
    expectation: judgedWorld === null ? null : expectedOutcome(judgedWorld, probe, options.oracle ?? {}),
    worldBefore: world,
    worldAfter,
  };
  return { kind: 'exchange', exchange, requests: 1, attempts: outcome.attempts };
}
