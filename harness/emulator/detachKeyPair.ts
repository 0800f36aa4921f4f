import type { Instance, World } from '../spec/World.ts';
import { parseInstanceIds } from '../wire/instanceIdsCodec.ts';
import type { ParamList } from '../wire/WireMessage.ts';
import { type ApiError, apiError, failed, invalidInstanceIds, missingParameter } from './apiError.ts';
import { type ActiveFault, faultyEffects, hasWhitespaceOutsideStrings } from './applyFault.ts';
import type { EmulatorProfile } from './EmulatorProfile.ts';
import { paramValue } from './readIncoming.ts';

/** One entry of `Results.Result`. */
export type DetachResult = { InstanceId: string; Success: boolean; Code: string; Message: string };

/** A successful DetachKeyPair: the document to render and the world after it. */
export type DetachSuccess = {
  ok: true;
  world: World;
  KeyPairName: string;
  Results: DetachResult[];
};

/** The largest `InstanceIds` list the reference allows (ID-2, ID-3). */
export const maxInstanceIds = 50;

/** A whole-request error; `world` is set only by faults that change the world anyway (WIN-2, ERR-3). */
export type DetachFailure = { ok: false; error: ApiError; world?: World };

/**
 * DetachKeyPair on an authenticated request. Whole-request errors come first and change nothing
 * (ERR-3, WIN-2); then every named instance is judged on its own, in request order. `fault` injects
 * one of the faults of `faults.ts` (none by default).
 */
export function detachKeyPair(
  params: ParamList,
  world: World,
  profile: EmulatorProfile,
  fault: ActiveFault = null,
): DetachSuccess | DetachFailure {
  // RQ-4 and GEN-1: an empty value counts as missing.
  const regionId = paramValue(params, 'RegionId');
  const keyPairName = paramValue(params, 'KeyPairName');
  const rawIds = paramValue(params, 'InstanceIds');
  for (const [name, value] of [
    ['RegionId', regionId],
    ['KeyPairName', keyPairName],
    ['InstanceIds', rawIds],
  ] as const) {
    // Faults missing-param-wrong-code (RQ-4) and empty-value-not-missing (GEN-1): a generic validator.
    if (fault === 'missing-param-wrong-code' && value === undefined) return failed(invalidParameter(name));
    if (fault === 'empty-value-not-missing' && value === '') return failed(invalidParameter(name));
  }
  if (!regionId) return failed(missingParameter('RegionId'));
  if (!keyPairName) return failed(missingParameter('KeyPairName'));
  if (rawIds === undefined) return failed(missingParameter('InstanceIds'));

  const parsed = parseInstanceIds(rawIds);
  let requested: string[];
  // Fault non-array-accepted (ID-4): a JSON value that is not an array reads as an empty list.
  const coercedToEmpty =
    fault === 'non-array-accepted' && parsed.kind === 'json-invalid' && !/^[ \t\n\r]*\[/.test(rawIds);
  switch (parsed.kind) {
    case 'empty':
      return failed(missingParameter('InstanceIds'));
    case 'json-invalid':
    case 'malformed-json':
      if (coercedToEmpty) {
        requested = [];
        break;
      }
      return failed(invalidInstanceIds); // ID-4
    case 'json-array':
      // Fault spaced-json-rejected (ID-1): a compact-only pattern.
      if (fault === 'spaced-json-rejected' && hasWhitespaceOutsideStrings(rawIds))
        return failed(invalidInstanceIds);
      requested = parsed.ids;
      break;
    case 'bare-text':
      // Fault server-error-on-malformed (ERR-4): the parser crashes on anything but JSON.
      if (fault === 'server-error-on-malformed') return failed(internalError);
      // ID-6 (REPORT): the reference also says "Separate multiple instance IDs with commas".
      if (profile.bareInstanceIds === 'reject' || parsed.ids.some((id) => id === ''))
        return failed(invalidInstanceIds);
      requested = parsed.ids;
      break;
  }
  if (requested.length === 0 && !coercedToEmpty) return failed(invalidInstanceIds); // ID-5

  // Fault unknown-region-accepted (RQ-5): an unknown region is served as an empty one, key pairs unchecked.
  const regionKnown = world.regions.includes(regionId);
  if (!regionKnown && fault !== 'unknown-region-accepted') {
    return failed(apiError(404, 'InvalidRegionId.NotFound', 'The specified RegionId does not exist.')); // RQ-5
  }
  // ID-3: more than 50 entries rejects the whole request (counting entries, not distinct IDs: REPORT).
  // Faults limit-off-by-one (ID-2: `>=`) and over-limit-accepted (ID-3: no limit).
  const overLimit =
    fault === 'limit-off-by-one' ? requested.length >= maxInstanceIds : requested.length > maxInstanceIds;
  if (overLimit && fault !== 'over-limit-accepted') {
    return failed(
      profile.overLimit === 'limit-exceeded'
        ? apiError(
            403,
            'InstanceKeyPairLimitExceeded',
            'The specified instances are beyond the permitted range.',
          )
        : invalidInstanceIds,
    );
  }
  // KP-1, KP-2, KP-3: an exact, case-sensitive match within the request's region.
  if (
    regionKnown &&
    !world.keyPairs.some((kp) => kp.regionId === regionId && kp.keyPairName === keyPairName)
  ) {
    const error = keyPairNotFound(world, regionId, keyPairName, fault);
    if (error !== undefined) return error;
  }
  const inRegion = new Map<string, Instance>();
  for (const instance of world.instances)
    if (instance.regionId === regionId) inRegion.set(instance.instanceId, instance);
  // WIN-1, WIN-2: any Windows instance of the region rejects the whole request; Windows elsewhere is unknown (ST-5).
  // Fault windows-accepted (WIN-1): no OS check.
  if (fault !== 'windows-accepted' && requested.some((id) => inRegion.get(id)?.osType === 'windows')) {
    const error = apiError(
      403,
      'DependencyViolation.WindowsInstance',
      'The instance creating is windows, cannot use ssh key pair to login',
    );
    if (fault !== 'windows-partial-change') return failed(error);
    // Fault windows-partial-change (WIN-2): the Linux instances were already unbound when the check ran.
    const linux = requested.filter((id) => {
      const instance = inRegion.get(id);
      return instance?.osType === 'linux' && instance.keyPairName === keyPairName;
    });
    return { ok: false, error, world: unbind(world, regionId, new Set(linux)) };
  }
  if (profile.unknownInstance === 'reject-request' && requested.some((id) => !inRegion.has(id))) {
    return failed(apiError(404, 'InvalidInstanceId.NotFound', 'The specified InstanceId does not exist.')); // ST-5
  }

  const ids = profile.duplicateInstanceIds === 'dedupe' ? [...new Set(requested)] : requested;
  const unbound = new Set<string>();
  const Results = ids.map((id): DetachResult => {
    const instance = inRegion.get(id);
    if (instance === undefined) {
      // ST-5 (REPORT): a per-instance failure; nothing outside the region is looked at.
      return {
        InstanceId: id,
        Success: false,
        Code: 'InvalidInstanceId.NotFound',
        Message: 'The specified InstanceId does not exist.',
      };
    }
    if (instance.keyPairName === keyPairName && !unbound.has(id)) {
      unbound.add(id); // ST-0, ST-1
      return { InstanceId: id, Success: true, Code: '200', Message: 'successful' };
    }
    // ST-4: bound to another key pair, to none, or already unbound by an earlier occurrence (ID-7).
    if (profile.notBoundToKeyPair === 'no-op-success') {
      return { InstanceId: id, Success: true, Code: '200', Message: 'successful' };
    }
    return {
      InstanceId: id,
      Success: false,
      Code: 'InvalidKeyPair.NotBound',
      Message: 'The specified key pair is not bound to the instance.',
    };
  });

  const clean = { results: Results, world: unbound.size === 0 ? world : unbind(world, regionId, unbound) };
  const effects = faultyEffects(fault, { regionId, keyPairName, before: world }, clean);
  return { ok: true, world: effects.world, KeyPairName: keyPairName, Results: effects.results };
}

/** The world with the given instances of the region unbound (ST-0, ST-1). */
function unbind(world: World, regionId: string, ids: ReadonlySet<string>): World {
  return {
    ...world,
    instances: world.instances.map((instance) =>
      instance.regionId === regionId && ids.has(instance.instanceId)
        ? { ...instance, keyPairName: null }
        : instance,
    ),
  };
}

/**
 * KP-1, KP-2: the error for a key pair that does not exist in the request's region, or `undefined` when
 * fault `region-scoping-ignored` finds it in another region. The faults `key-pair-not-found-wrong-code`
 * (KP-1) and `error-changes-world` (ERR-3) act only on names that exist in no region (a global name index),
 * so that a name from another region keeps its right answer (KP-2).
 */
function keyPairNotFound(
  world: World,
  regionId: string,
  keyPairName: string,
  fault: ActiveFault,
): DetachFailure | undefined {
  const elsewhere = world.keyPairs.some((kp) => kp.keyPairName === keyPairName);
  if (fault === 'region-scoping-ignored' && elsewhere) return undefined;
  if (fault === 'key-pair-not-found-wrong-code' && !elsewhere) {
    return {
      ok: false,
      error: apiError(404, 'InvalidKeyPair.NotFound', 'The specified KeyPair does not exist.'),
    };
  }
  const error = apiError(
    400,
    'InvalidKeyPairName.NotFound',
    'The specified KeyPairName does not exist in our records.',
  );
  if (fault === 'error-changes-world' && !elsewhere) {
    return {
      ok: false,
      error,
      world: { ...world, keyPairs: [...world.keyPairs, { regionId, keyPairName }] },
    };
  }
  return { ok: false, error };
}

/** A generic validator's answer (faults `missing-param-wrong-code`, `empty-value-not-missing`). */
function invalidParameter(name: string): ApiError {
  return apiError(400, 'InvalidParameter', `The specified parameter "${name}" is not valid.`);
}

/** Fault `server-error-on-malformed` (ERR-4): what a crashed parser answers. */
const internalError: ApiError = apiError(
  500,
  'InternalError',
  'The request processing has failed due to some unknown error, exception or failure.',
);
