import { randomBytes } from 'node:crypto';
import type { Exchange } from '../harness/checks/Exchange.ts';
import { runChecks } from '../harness/checks/index.ts';
import { isErrorResponse } from '../harness/checks/responseKind.ts';
import type { AccessKey, World } from '../harness/spec/World.ts';
import type { PropertyRun } from '../harness/suite/PropertyDefinition.ts';
import { runProbe } from '../harness/suite/runProbe.ts';
import type { Send } from '../harness/targets/interceptors/Send.ts';
import type { Target } from '../harness/targets/Target.ts';
import { definedOnly } from '../harness/util/definedOnly.ts';
import { probe as makeProbe, type Probe } from '../harness/wire/Probe.ts';
import type { WireRequest } from '../harness/wire/WireMessage.ts';

/** One judged probe: the property run's share and the exchange (null when inconclusive). */
export type Judged = { run: PropertyRun; exchange: Exchange | null };

/** How {@link judgeProbe} sends, when not through the target's own retries (`audit`'s interceptor chain). */
export type JudgeOptions = {
  send?: Send;
  /** Temporary credentials, sent with every request. */
  securityToken?: string;
  /** The probe's stable name, for recordings; the first request of a replay is `<name>:first-use`. */
  name?: string;
};

/**
 * Loads `world`, sends `probe`, reads the world back and runs every check. A `replayed-nonce` probe is
 * preceded by a harmless authenticated request (an unknown key pair: it changes nothing) whose nonce it
 * reuses, then by a second harmless request with a nonce of its own; AU-7 is judged only when that first
 * request passed authentication. Both name a fresh random key pair and an instance ID no instance can have
 * ({@link harmlessProbe}), so they cannot change anything.
 */
export async function judgeProbe(
  target: Target,
  world: World | null,
  key: AccessKey,
  probe: Probe,
  assumedWorld?: World,
  options: JudgeOptions = {},
): Promise<Judged> {
  const assumed = {
    ...definedOnly({ assumedWorld, send: options.send, securityToken: options.securityToken }),
  };
  let requests = 0;
  let replayNonce: string | undefined;
  let replayOfAuthenticated = false;
  if (probe.breakage === 'replayed-nonce') {
    const sent = await runProbe(target, harmlessProbe(probe), {
      key,
      world,
      ...assumed,
      ...(options.name === undefined ? {} : { name: `${options.name}:first-use` }),
    });
    requests += sent.requests;
    if (sent.kind === 'inconclusive')
      return { run: { outcomes: [], requests, inconclusive: 1 }, exchange: null };
    const code = sent.exchange.decoded.fields.Code?.value ?? '';
    replayOfAuthenticated =
      !isErrorResponse(sent.exchange.decoded) ||
      !/Signature|AccessKey|TimeStamp|Timestamp|Missing/.test(code);
    replayNonce = nonceOfRequest(sent.exchange.request);
    // AU-7 is about every nonce used within 15 minutes, not only the last one: a second harmless request
    // with its own fresh nonce comes between the first use and the replay, so a target that remembers only
    // its latest nonce is caught. Its outcome is not judged; it changes nothing either.
    const between = await runProbe(target, harmlessProbe(probe), {
      key,
      world,
      ...assumed,
      load: false,
      ...(options.name === undefined ? {} : { name: `${options.name}:between` }),
    });
    requests += between.requests;
    if (between.kind === 'inconclusive')
      return { run: { outcomes: [], requests, inconclusive: 1 }, exchange: null };
  }
  const result = await runProbe(target, probe, {
    key,
    world,
    ...assumed,
    // The harmless first request changed nothing: keep the target's nonce memory by not reloading.
    load: replayNonce === undefined,
    ...definedOnly({ replayNonce }),
    oracle: { replayOfAuthenticated },
    ...definedOnly({ name: options.name }),
  });
  requests += result.requests;
  if (result.kind === 'inconclusive')
    return { run: { outcomes: [], requests, inconclusive: 1 }, exchange: null };
  return {
    run: {
      outcomes: runChecks(result.exchange),
      requests,
      inconclusive: 0,
      steps: {
        relation: 'each',
        world,
        key,
        probes: [probe],
        ...(assumedWorld === undefined ? {} : { assumedWorld }),
      },
    },
    exchange: result.exchange,
  };
}

/**
 * A request that cannot change anything, sent around a `replayed-nonce` probe (its first use, and the one
 * between): the probe's scheme and transport, a fresh random key pair name no account holds and an
 * instance ID no instance can have.
 */
export function harmlessProbe(probe: Pick<Probe, 'scheme' | 'transport' | 'regionId'>): Probe {
  return makeProbe({
    scheme: probe.scheme,
    transport: probe.transport,
    regionId: probe.regionId ?? 'cn-hangzhou',
    keyPairName: `dkp-conformance-absent-${randomBytes(8).toString('hex')}`,
    instanceIds: '["i-dkp-conformance-absent-nonce"]',
  });
}

/** The nonce a request carries (V1 parameter, in the query or a form body, or V3 header). */
export function nonceOfRequest(request: WireRequest): string | undefined {
  const header = request.headers['x-acs-signature-nonce'];
  if (header !== undefined) return header;
  const text = `${request.target.split('?')[1] ?? ''}&${new TextDecoder().decode(request.body)}`;
  const match = /(?:^|&)SignatureNonce=([^&]*)/.exec(text);
  return match?.[1] === undefined ? undefined : decodeURIComponent(match[1]);
}

/** A world fit for a report: every AccessKeySecret replaced (target-protocol §4). */
export function redactWorld(world: World): World {
  return {
    ...world,
    accessKeys: world.accessKeys.map((k) => ({ accessKeyId: k.accessKeyId, accessKeySecret: '<redacted>' })),
  };
}
