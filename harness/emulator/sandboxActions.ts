/**
 * The two actions beside DetachKeyPair that `audit`'s sandbox tier sends (target-protocol §2): it detaches,
 * restores with `AttachKeyPair` and confirms with `DescribeInstances`. Both are judged on an authenticated
 * request, follow DetachKeyPair's conventions (parameter checks, error codes, `InstanceIds` reading, the
 * profile's REPORT-level choices wherever they apply). They are not extension points: an emulator built
 * with other steps (`EmulatorSteps.ts`) still serves them as the reference does, but for the shared layers
 * (reading, routing, authentication, error bodies, rendering).
 */
import type { Instance, World } from '../spec/World.ts';
import { parseInstanceIds } from '../wire/instanceIdsCodec.ts';
import type { ParamList } from '../wire/WireMessage.ts';
import {
  type ApiError,
  apiError,
  invalidInstanceIds,
  invalidParameter,
  missingParameter,
} from './apiError.ts';
import { checkLimit, type DetachResult } from './detachKeyPair.ts';
import type { EmulatorProfile } from './EmulatorProfile.ts';
import { paramValue } from './readIncoming.ts';

/** A whole-request error of a sandbox action; it never changes the world. */
export type SandboxFailure = { ok: false; error: ApiError };

/** One entry of AttachKeyPair's `Results.Result`: the same four fields as DetachKeyPair's. */
type AttachResult = DetachResult;

/** A successful AttachKeyPair: the document to render and the world after it. */
export type AttachSuccess = { ok: true; world: World; KeyPairName: string; Results: AttachResult[] };

/** One entry of DescribeInstances' `Instances.Instance`; `KeyPairName` is `''` when nothing is bound. */
export type InstanceEntry = {
  InstanceId: string;
  RegionId: string;
  OSType: Instance['osType'];
  KeyPairName: string;
};

/** A successful DescribeInstances: one page of the matching instances. It never changes the world. */
export type DescribeSuccess = {
  ok: true;
  world: World;
  TotalCount: number;
  PageNumber: number;
  PageSize: number;
  Instances: InstanceEntry[];
};

/** The largest `InstanceIds` list DescribeInstances takes. */
const maxDescribedInstanceIds = 100;

/** DescribeInstances' page size when `PageSize` is absent (as the real API: clients must ask for more). */
const defaultPageSize = 10;

/** The largest `PageSize` DescribeInstances takes. */
const maxPageSize = 100;

const fail = (error: ApiError): SandboxFailure => ({ ok: false, error });

/**
 * AttachKeyPair on an authenticated request: binds the key pair to every named Linux instance of the
 * region, replacing any other binding. The whole-request errors are DetachKeyPair's, in the same order
 * (missing parameters, `InstanceIds`, region, the 50 limit, the key pair, any Windows instance → 403 and
 * nothing changes); an unknown instance is then judged as the profile's ST-5 choice says.
 */
export function attachKeyPair(
  params: ParamList,
  world: World,
  profile: EmulatorProfile,
): AttachSuccess | SandboxFailure {
  const regionId = paramValue(params, 'RegionId');
  const keyPairName = paramValue(params, 'KeyPairName');
  const rawIds = paramValue(params, 'InstanceIds');
  if (!regionId) return fail(missingParameter('RegionId'));
  if (!keyPairName) return fail(missingParameter('KeyPairName'));
  if (rawIds === undefined) return fail(missingParameter('InstanceIds'));
  const requested = readInstanceIds(rawIds, profile);
  if (!Array.isArray(requested)) return fail(requested);
  if (!world.regions.includes(regionId)) return fail(regionNotFound);
  // ID-3 as DetachKeyPair answers it (the same limit and the profile's error).
  const overLimit = checkLimit(requested.length, profile);
  if (overLimit !== undefined) return fail(overLimit.error);
  if (!world.keyPairs.some((kp) => kp.regionId === regionId && kp.keyPairName === keyPairName)) {
    return fail(
      apiError(
        400,
        'InvalidKeyPairName.NotFound',
        'The specified KeyPairName does not exist in our records.',
      ),
    );
  }
  const inRegion = instancesOf(world, regionId);
  if (requested.some((id) => inRegion.get(id)?.osType === 'windows')) {
    return fail(
      apiError(
        403,
        'DependencyViolation.WindowsInstance',
        'The instance creating is windows, cannot use ssh key pair to login',
      ),
    );
  }
  if (profile.unknownInstance === 'reject-request' && requested.some((id) => !inRegion.has(id))) {
    return fail(instanceNotFound);
  }

  const ids = profile.duplicateInstanceIds === 'dedupe' ? [...new Set(requested)] : requested;
  const bound = new Set<string>();
  const Results = ids.map((id): AttachResult => {
    if (!inRegion.has(id)) {
      return {
        InstanceId: id,
        Success: false,
        Code: instanceNotFound.code,
        Message: instanceNotFound.message,
      };
    }
    bound.add(id);
    return { InstanceId: id, Success: true, Code: '200', Message: 'successful' };
  });
  const rebinds = (instance: Instance) =>
    instance.regionId === regionId && bound.has(instance.instanceId) && instance.keyPairName !== keyPairName;
  const after: World = world.instances.some(rebinds)
    ? {
        ...world,
        instances: world.instances.map((instance) =>
          rebinds(instance) ? { ...instance, keyPairName } : instance,
        ),
      }
    : world;
  return { ok: true, world: after, KeyPairName: keyPairName, Results };
}

/**
 * DescribeInstances on an authenticated request, reduced to what the sandbox tier reads: the instances
 * of `RegionId` named in `InstanceIds` (every instance of the region when it is absent or empty), in the
 * world's order, each once; unknown IDs are simply absent. `PageNumber` (default 1) and `PageSize`
 * (default 10, at most 100) page the matches; `TotalCount` counts them all.
 */
export function describeInstances(
  params: ParamList,
  world: World,
  profile: EmulatorProfile,
): DescribeSuccess | SandboxFailure {
  const regionId = paramValue(params, 'RegionId');
  const rawIds = paramValue(params, 'InstanceIds');
  if (!regionId) return fail(missingParameter('RegionId'));
  const requested = rawIds ? readInstanceIds(rawIds, profile) : undefined;
  if (requested !== undefined && !Array.isArray(requested)) return fail(requested);
  if (!world.regions.includes(regionId)) return fail(regionNotFound);
  if (requested !== undefined && requested.length > maxDescribedInstanceIds) return fail(invalidInstanceIds);
  const pageNumber = positiveInteger(params, 'PageNumber', 1, Number.MAX_SAFE_INTEGER);
  if (typeof pageNumber !== 'number') return fail(pageNumber);
  const pageSize = positiveInteger(params, 'PageSize', defaultPageSize, maxPageSize);
  if (typeof pageSize !== 'number') return fail(pageSize);

  const named = requested === undefined ? undefined : new Set(requested);
  const matches = world.instances.filter(
    (instance) => instance.regionId === regionId && (named === undefined || named.has(instance.instanceId)),
  );
  const start = (pageNumber - 1) * pageSize;
  return {
    ok: true,
    world,
    TotalCount: matches.length,
    PageNumber: pageNumber,
    PageSize: pageSize,
    Instances: matches.slice(start, start + pageSize).map((instance) => ({
      InstanceId: instance.instanceId,
      RegionId: instance.regionId,
      OSType: instance.osType,
      KeyPairName: instance.keyPairName ?? '',
    })),
  };
}

/**
 * Reads a present `InstanceIds` as DetachKeyPair does (ID-1, ID-4..ID-6, GEN-1): an empty value is
 * missing; a JSON array of non-empty strings is the list; other JSON and `[]` are refused; bare text is a
 * comma list or refused, as the profile chooses. The length limit is the caller's.
 */
function readInstanceIds(rawIds: string, profile: EmulatorProfile): string[] | ApiError {
  const parsed = parseInstanceIds(rawIds);
  switch (parsed.kind) {
    case 'empty':
      return missingParameter('InstanceIds');
    case 'json-invalid':
    case 'malformed-json':
      return invalidInstanceIds;
    case 'json-array':
      return parsed.ids.length === 0 ? invalidInstanceIds : parsed.ids;
    case 'bare-text':
      return profile.bareInstanceIds === 'reject' || parsed.ids.some((id) => id === '')
        ? invalidInstanceIds
        : parsed.ids;
  }
}

/** An optional decimal parameter in `1..max`, `fallback` when absent or empty; else `InvalidParameter`. */
function positiveInteger(params: ParamList, name: string, fallback: number, max: number): number | ApiError {
  const raw = paramValue(params, name);
  if (!raw) return fallback;
  const value = /^[1-9][0-9]{0,15}$/.test(raw) ? Number(raw) : Number.NaN;
  return value <= max ? value : invalidParameter(name);
}

function instancesOf(world: World, regionId: string): Map<string, Instance> {
  const inRegion = new Map<string, Instance>();
  for (const instance of world.instances)
    if (instance.regionId === regionId) inRegion.set(instance.instanceId, instance);
  return inRegion;
}

const regionNotFound: ApiError = apiError(
  404,
  'InvalidRegionId.NotFound',
  'The specified RegionId does not exist.',
);

const instanceNotFound: ApiError = apiError(
  404,
  'InvalidInstanceId.NotFound',
  'The specified InstanceId does not exist.',
);
