import { setTimeout as sleep } from 'node:timers/promises';
import type { Exchange } from '../checks/Exchange.ts';
import { expectedOutcome, type OracleContext } from '../oracle/expectedOutcome.ts';
import type { AccessKey, World } from '../spec/World.ts';
import type { Target } from '../targets/Target.ts';
import { decodeResponse } from '../wire/decodeResponse.ts';
import { encodeProbe } from '../wire/encodeProbe.ts';
import type { Probe } from '../wire/Probe.ts';
import type { WireResponse } from '../wire/WireMessage.ts';

/** The result of sending one probe: an exchange to judge, or an inconclusive attempt (never pass or fail). */
export type ProbeResult =
  | { kind: 'exchange'; exchange: Exchange; requests: number }
  | { kind: 'inconclusive'; reason: string; requests: number };

/** How many times throttling and 503 are retried (target-protocol §2). */
export const maxRetries = 3;

/** Throttling codes and 503 are retryable; nothing else is. */
export function isRetryable(response: WireResponse): boolean {
  if (response.status === 503) return true;
  if (response.status !== 400 && response.status !== 429) return false;
  const text = new TextDecoder().decode(response.body.subarray(0, 4096));
  return /Throttling/.test(text);
}

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
  /** Backoff base (ms); tests set it low. */
  backoffMs?: number;
};

/**
 * Sends one probe and gathers everything the checks read. Throttling and 503 are retried with backoff
 * and jitter, honouring `Retry-After` / `x-acs-retry-after`, re-signed with a fresh nonce each time;
 * transport failures and exhausted retries are inconclusive (target-protocol §2).
 */
export async function runProbe(target: Target, probe: Probe, options: RunProbeOptions): Promise<ProbeResult> {
  const world = options.world;
  if (world !== null && options.load !== false) await target.loadWorld(world);
  let requests = 0;
  for (let attempt = 0; ; attempt++) {
    const { wire } = encodeProbe(probe, {
      key: options.key,
      host: target.host,
      now: Date.now(),
      ...(options.replayNonce === undefined ? {} : { replayNonce: options.replayNonce }),
    });
    let response: WireResponse;
    requests++;
    try {
      response = await target.send(wire);
    } catch (error) {
      return {
        kind: 'inconclusive',
        reason: `transport failure: ${(error as { code?: string }).code ?? (error as Error).message}`,
        requests,
      };
    }
    if (isRetryable(response)) {
      if (attempt >= maxRetries)
        return {
          kind: 'inconclusive',
          reason: `HTTP ${response.status} after ${maxRetries} retries`,
          requests,
        };
      await sleep(backoff(response, attempt, options.backoffMs ?? 200));
      continue;
    }
    const worldAfter = world === null ? null : await target.readWorld();
    const judgedWorld = options.assumedWorld ?? world;
    const exchange: Exchange = {
      probe,
      request: wire,
      response,
      decoded: decodeResponse(response),
      expectation: judgedWorld === null ? null : expectedOutcome(judgedWorld, probe, options.oracle ?? {}),
      worldBefore: world,
      worldAfter,
    };
    return { kind: 'exchange', exchange, requests };
  }
}

function backoff(response: WireResponse, attempt: number, baseMs: number): number {
  const header = response.headers['retry-after'] ?? response.headers['x-acs-retry-after'];
  const seconds = header === undefined ? Number.NaN : Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 30_000);
  return baseMs * 2 ** attempt * (0.5 + Math.random());
}
