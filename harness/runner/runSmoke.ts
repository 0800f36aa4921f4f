import { readFile } from 'node:fs/promises';
import { packageFile } from '../packageFiles.ts';
import { validateWorld } from '../spec/validateWorld.ts';
import type { World } from '../spec/World.ts';
import { ResponseBoundError } from '../targets/ResponseBoundError.ts';
import { type SendWireOptions, sendWire } from '../targets/sendWire.ts';
import { definedOnly } from '../util/definedOnly.ts';
import { HarnessError } from '../util/HarnessError.ts';
import { decodeResponse } from '../wire/decodeResponse.ts';
import { type ApiCall, encodeRequest } from '../wire/encodeRequest.ts';
import type { WireRequest, WireResponse } from '../wire/WireMessage.ts';
import type { ResponseBounds } from './runSetup.ts';

/** One smoke step: what was sent, what came back, and whether it looked as the rules say. */
export type SmokeStep = { name: string; rules: string; ok: boolean; detail: string };

const smokeWorldFile = packageFile('fixtures', 'worlds', 'smoke.world.json');

/** Loads the bundled smoke world (fixtures/worlds/smoke.world.json). */
async function loadSmokeWorld(): Promise<World> {
  const checked = validateWorld(JSON.parse(await readFile(smokeWorldFile, 'utf8')));
  if (!checked.ok) throw new HarnessError('CONFIG', `smoke world is invalid: ${checked.problems.join('; ')}`);
  return checked.world;
}

/**
 * A smoke run against a target with world control: load the smoke world, detach over a V1 GET (XML)
 * and a V3 POST (JSON), ask for an unknown key pair, read the world back. Each step states its rule IDs.
 * This is not the rule-by-rule verdict (`verify` proper); it proves the target answers like DetachKeyPair.
 */
export async function runSmoke(
  origin: string,
  worldUrl: string,
  bounds: ResponseBounds = {},
): Promise<SmokeStep[]> {
  // Every read, the world URL's included, within the run's bounds (--max-response-bytes, --response-timeout).
  const wireOptions = definedOnly({
    maxResponseBytes: bounds.maxResponseBytes,
    timeoutMs: bounds.responseTimeoutMs,
  });
  const send = async (request: WireRequest) => {
    try {
      return await sendWire(origin, request, wireOptions);
    } catch (error) {
      // An answer past a bound, or none: inconclusive (exit 3), never the target's failure.
      if (error instanceof ResponseBoundError)
        throw new HarnessError('TARGET_UNREACHABLE', `target ${origin}: ${error.message}`);
      throw error;
    }
  };
  const fetchJson = (url: string, body?: unknown) => worldRequest(url, wireOptions, body);
  const world = await loadSmokeWorld();
  const [key] = world.accessKeys;
  if (key === undefined) throw new HarnessError('CONFIG', 'smoke world has no access key');
  const setup = await fetchJson(worldUrl, { action: 'setup', state: 'smoke', params: { world } });
  if (setup.status < 200 || setup.status > 299) {
    throw new HarnessError('WORLD_REFUSED', `the world URL refused the smoke world (HTTP ${setup.status})`);
  }
  const host = new URL(origin).host;
  const call = (
    scheme: 'v1' | 'v3',
    transport: ApiCall['transport'],
    params: Array<[string, string]>,
  ): ApiCall => ({
    params,
    transport,
    host,
    signing: { scheme, accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret },
  });
  const steps: SmokeStep[] = [];

  const v1 = decodeResponse(
    await send(
      encodeRequest(
        call('v1', 'get-query', [
          ['RegionId', 'cn-hangzhou'],
          ['KeyPairName', 'testKeyPairName'],
          ['InstanceIds', '["i-bp1d6tsvznfghy7y0001"]'],
        ]),
      ),
    ),
  );
  steps.push({
    name: 'V1 GET, no Format: one instance detached, answered in XML',
    rules: 'AU-1 TR-1 TR-3 OK-1 OK-3 OK-5 OK-6',
    ok:
      v1.status === 200 &&
      v1.format === 'xml' &&
      v1.root === 'DetachKeyPairResponse' &&
      v1.results.entries.length === 1 &&
      v1.fields.TotalCount?.value === '1' &&
      v1.fields.FailCount?.value === '0',
    detail: `HTTP ${v1.status} ${v1.format} TotalCount=${v1.fields.TotalCount?.value} FailCount=${v1.fields.FailCount?.value}`,
  });

  const v3 = decodeResponse(
    await send(
      encodeRequest(
        call('v3', 'post-query', [
          ['RegionId', 'cn-hangzhou'],
          ['KeyPairName', 'testKeyPairName'],
          ['InstanceIds', '["i-bp1d6tsvznfghy7y0001", "i-bp1ippxbaql9zet70002"]'],
        ]),
      ),
    ),
  );
  const successes = v3.results.entries
    .filter((r) => r.Success?.value === 'true')
    .map((r) => r.InstanceId?.value);
  steps.push({
    name: 'V3 POST query: second instance detached, first already unbound (per-instance failure), JSON',
    rules: 'AU-2 TR-3 OK-3 OK-5 OK-6 ST-1 ST-4',
    ok:
      v3.status === 200 &&
      v3.format === 'json' &&
      v3.fields.TotalCount?.value === '2' &&
      v3.fields.FailCount?.value === '1' &&
      successes.length === 1 &&
      successes[0] === 'i-bp1ippxbaql9zet70002',
    detail: `HTTP ${v3.status} ${v3.format} TotalCount=${v3.fields.TotalCount?.value} FailCount=${v3.fields.FailCount?.value}`,
  });

  const missing = decodeResponse(
    await send(
      encodeRequest(
        call('v1', 'post-form', [
          ['Format', 'JSON'],
          ['RegionId', 'cn-hangzhou'],
          ['KeyPairName', `absent-${Date.now()}`],
          ['InstanceIds', '["i-bp1d6tsvznfghy7y0001"]'],
        ]),
      ),
    ),
  );
  steps.push({
    name: 'V1 POST form, unknown key pair: InvalidKeyPairName.NotFound',
    rules: 'KP-1 ERR-1 ERR-2',
    ok: missing.status === 400 && missing.fields.Code?.value === 'InvalidKeyPairName.NotFound',
    detail: `HTTP ${missing.status} Code=${missing.fields.Code?.value}`,
  });

  const after = await fetchJson(worldUrl);
  const stillBound = (after.body as World).instances
    .filter((i) => i.keyPairName !== null)
    .map((i) => i.instanceId);
  steps.push({
    name: 'world read back: both hangzhou Linux instances unbound, qingdao untouched',
    rules: 'ST-1 ST-3 KP-2',
    ok: stillBound.length === 1 && stillBound[0] === 'i-m5eg7be9ndloji640004',
    detail: `still bound: ${stillBound.join(', ') || '(none)'}`,
  });
  return steps;
}

/** A request to the world URL (GET, or POST of a JSON body), read within `options`' bounds. */
async function worldRequest(
  url: string,
  options: SendWireOptions,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const target = new URL(url);
  const bytes = body === undefined ? new Uint8Array() : new TextEncoder().encode(JSON.stringify(body));
  let response: WireResponse;
  try {
    response = await sendWire(
      target.origin,
      {
        method: body === undefined ? 'GET' : 'POST',
        target: target.pathname + target.search,
        headers: {
          host: target.host,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: bytes,
      },
      options,
    );
  } catch (error) {
    throw new HarnessError(
      'TARGET_UNREACHABLE',
      `cannot reach the world URL ${url}: ${(error as Error).message}`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(response.body));
  } catch {
    parsed = undefined;
  }
  return { status: response.status, body: parsed };
}
