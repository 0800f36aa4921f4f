import { readFile } from 'node:fs/promises';
import { startEmulator } from '../emulator/startEmulator.ts';
import { packageFile } from '../packageFiles.ts';
import type { RuleId } from '../spec/rules.ts';
import { validateWorld } from '../spec/validateWorld.ts';
import type { AccessKey, World } from '../spec/World.ts';
import { ResponseBoundError } from '../targets/ResponseBoundError.ts';
import { type SendWireOptions, sendWire } from '../targets/sendWire.ts';
import { definedOnly } from '../util/definedOnly.ts';
import { HarnessError } from '../util/HarnessError.ts';
import { decodeResponse } from '../wire/decodeResponse.ts';
import { type ApiCall, encodeRequest } from '../wire/encodeRequest.ts';
import type { WireRequest, WireResponse } from '../wire/WireMessage.ts';
import { type Opened, type Phase, runLifecycle } from './runPhases.ts';
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

/** What a smoke run opened: the target's origin, and its API and world URL, each read within the bounds. */
type SmokeResources = {
  origin: string;
  /** Sends one API request; an answer past a bound is `TARGET_UNREACHABLE` (exit 3), never a failure. */
  send: (request: WireRequest) => Promise<WireResponse>;
  /** A request to the world URL: a GET, or a POST of `body` as JSON. */
  world: (body?: unknown) => Promise<{ status: number; body: unknown }>;
};

/** Options of {@link runSmoke}: `verify --smoke`'s target, world URL and response bounds. */
export type SmokeOptions = {
  /** `--target`; absent: the bundled emulator, started on loopback for the run (its own world URL). */
  target?: string | undefined;
  /** `--world-url` of a `--target` (default `TARGET/_conformance/world`). */
  worldUrl?: string | undefined;
  /** `--max-response-bytes` / `--response-timeout`: every read, the world URL's included. */
  bounds?: ResponseBounds | undefined;
  /** Told the bundled emulator's origin once it listens. */
  onBundled?: ((origin: string) => void) | undefined;
};

/** Opens the smoke run's target within `bounds`: `--target` as given, or the bundled emulator. */
async function openSmoke(options: SmokeOptions, bounds: ResponseBounds): Promise<Opened<SmokeResources>> {
  let origin: string;
  let worldUrl: string;
  let close = async () => {};
  if (options.target === undefined) {
    const server = await startEmulator();
    origin = server.origin;
    worldUrl = server.worldUrl;
    close = server.close;
    options.onBundled?.(origin);
  } else {
    origin = new URL(options.target).origin;
    worldUrl = options.worldUrl ?? `${origin}/_conformance/world`;
  }
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
  return {
    resources: { origin, send, world: (body) => worldRequest(worldUrl, wireOptions, body) },
    close,
  };
}

/**
 * One smoke step as a phase of the run: its rules, and the step it checks (recorded in `steps`), which
 * sends `requests` API requests.
 */
function smokeStep(
  name: string,
  rules: readonly RuleId[],
  steps: SmokeStep[],
  check: (resources: SmokeResources) => Promise<{ ok: boolean; detail: string }>,
  requests = 1,
): Phase<SmokeResources> {
  return {
    name,
    rules,
    run: async (resources) => {
      steps.push({ name, rules: rules.join(' '), ...(await check(resources)) });
      return { requests, inconclusive: 0 };
    },
  };
}

/**
 * A smoke run against a target with world control, as phases of the run lifecycle (`runPhases.ts`): load
 * the smoke world, detach over a V1 GET (XML) and a V3 POST (JSON), ask for an unknown key pair, read the
 * world back. Each step states its rule IDs. This is not the rule-by-rule verdict (`verify` proper); it
 * proves the target answers like DetachKeyPair. A world URL that refuses the smoke world is
 * `WORLD_REFUSED` (exit 3); an answer past a bound is `TARGET_UNREACHABLE` (exit 3).
 */
export async function runSmoke(options: SmokeOptions = {}): Promise<SmokeStep[]> {
  const steps: SmokeStep[] = [];
  let key: AccessKey | undefined;
  const signedCall = (
    origin: string,
    scheme: 'v1' | 'v3',
    transport: ApiCall['transport'],
    params: Array<[string, string]>,
  ): WireRequest => {
    if (key === undefined) throw new HarnessError('CONFIG', 'smoke world has no access key');
    return encodeRequest({
      params,
      transport,
      host: new URL(origin).host,
      signing: { scheme, accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret },
    });
  };

  const load: Phase<SmokeResources> = {
    name: 'smoke world',
    rules: [],
    run: async ({ world }) => {
      const smokeWorld = await loadSmokeWorld();
      [key] = smokeWorld.accessKeys;
      if (key === undefined) throw new HarnessError('CONFIG', 'smoke world has no access key');
      const setup = await world({ action: 'setup', state: 'smoke', params: { world: smokeWorld } });
      if (setup.status < 200 || setup.status > 299) {
        throw new HarnessError(
          'WORLD_REFUSED',
          `the world URL refused the smoke world (HTTP ${setup.status})`,
        );
      }
      return { requests: 0, inconclusive: 0 };
    },
  };

  const v1 = smokeStep(
    'V1 GET, no Format: one instance detached, answered in XML',
    ['AU-1', 'TR-1', 'TR-3', 'OK-1', 'OK-3', 'OK-5', 'OK-6'],
    steps,
    async ({ origin, send }) => {
      const v1 = decodeResponse(
        await send(
          signedCall(origin, 'v1', 'get-query', [
            ['RegionId', 'cn-hangzhou'],
            ['KeyPairName', 'testKeyPairName'],
            ['InstanceIds', '["i-bp1d6tsvznfghy7y0001"]'],
          ]),
        ),
      );
      return {
        ok:
          v1.status === 200 &&
          v1.format === 'xml' &&
          v1.root === 'DetachKeyPairResponse' &&
          v1.results.entries.length === 1 &&
          v1.fields.TotalCount?.value === '1' &&
          v1.fields.FailCount?.value === '0',
        detail: `HTTP ${v1.status} ${v1.format} TotalCount=${v1.fields.TotalCount?.value} FailCount=${v1.fields.FailCount?.value}`,
      };
    },
  );

  const v3 = smokeStep(
    'V3 POST query: second instance detached, first already unbound (per-instance failure), JSON',
    ['AU-2', 'TR-3', 'OK-3', 'OK-5', 'OK-6', 'ST-1', 'ST-4'],
    steps,
    async ({ origin, send }) => {
      const v3 = decodeResponse(
        await send(
          signedCall(origin, 'v3', 'post-query', [
            ['RegionId', 'cn-hangzhou'],
            ['KeyPairName', 'testKeyPairName'],
            ['InstanceIds', '["i-bp1d6tsvznfghy7y0001", "i-bp1ippxbaql9zet70002"]'],
          ]),
        ),
      );
      const successes = v3.results.entries
        .filter((r) => r.Success?.value === 'true')
        .map((r) => r.InstanceId?.value);
      return {
        ok:
          v3.status === 200 &&
          v3.format === 'json' &&
          v3.fields.TotalCount?.value === '2' &&
          v3.fields.FailCount?.value === '1' &&
          successes.length === 1 &&
          successes[0] === 'i-bp1ippxbaql9zet70002',
        detail: `HTTP ${v3.status} ${v3.format} TotalCount=${v3.fields.TotalCount?.value} FailCount=${v3.fields.FailCount?.value}`,
      };
    },
  );

  const missing = smokeStep(
    'V1 POST form, unknown key pair: InvalidKeyPairName.NotFound',
    ['KP-1', 'ERR-1', 'ERR-2'],
    steps,
    async ({ origin, send }) => {
      const missing = decodeResponse(
        await send(
          signedCall(origin, 'v1', 'post-form', [
            ['Format', 'JSON'],
            ['RegionId', 'cn-hangzhou'],
            ['KeyPairName', `absent-${Date.now()}`],
            ['InstanceIds', '["i-bp1d6tsvznfghy7y0001"]'],
          ]),
        ),
      );
      return {
        ok: missing.status === 400 && missing.fields.Code?.value === 'InvalidKeyPairName.NotFound',
        detail: `HTTP ${missing.status} Code=${missing.fields.Code?.value}`,
      };
    },
  );

  const readBack = smokeStep(
    'world read back: both hangzhou Linux instances unbound, qingdao untouched',
    ['ST-1', 'ST-3', 'KP-2'],
    steps,
    async ({ world }) => {
      const after = await world();
      const stillBound = (after.body as World).instances
        .filter((i) => i.keyPairName !== null)
        .map((i) => i.instanceId);
      return {
        ok: stillBound.length === 1 && stillBound[0] === 'i-m5eg7be9ndloji640004',
        detail: `still bound: ${stillBound.join(', ') || '(none)'}`,
      };
    },
    0,
  );

  const run = await runLifecycle<SmokeResources>({
    bounds: options.bounds ?? {},
    open: (bounds) => openSmoke(options, bounds),
    phases: () => [load, v1, v3, missing, readBack],
  });
  // The run lifecycle records a World refused as the run's end; for smoke it is the run's error (exit 3).
  if (run.refused !== undefined) throw new HarnessError('WORLD_REFUSED', run.refused);
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
