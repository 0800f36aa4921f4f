import type { World } from '../spec/World.ts';
import { effectiveBreakage, type Probe } from '../wire/Probe.ts';
import { classifyInstanceIds } from './classifyInstanceIds.ts';
import type {
  CodeMatcher,
  ErrorCondition,
  Expectation,
  FormatExpectation,
  InstanceFate,
  SuccessExpectation,
} from './Expectation.ts';

/** What the oracle must know beyond the world and the probe. */
export type OracleContext = {
  /**
   * For `replayed-nonce`: whether the reused nonce was first used by a request that passed
   * authentication with the same AccessKeyId and scheme (AU-7 judges only that scope).
   */
  replayOfAuthenticated?: boolean;
};

const missing = (name: string): CodeMatcher => ({ missing: name });
const exact = (code: string): CodeMatcher => ({ exact: code });

/** The documented limit (ID-2, ID-3). */
const limit = 50;

/** KP-1: names that could be created: 2–128 characters, a letter first, then letters, digits, `.`, `_`, `-`, `:`. */
const creatableKeyPairName = /^[\p{L}][\p{L}\p{N}._:-]{1,127}$/u;

/**
 * The declarative statement of every acceptable outcome of one DetachKeyPair request on one world. It
 * lists each error condition that holds, with the codes and statuses its rule accepts, and what a
 * success must look like when one is allowed. It shares no code with the emulator.
 */
export function expectedOutcome(world: World, probe: Probe, context: OracleContext = {}): Expectation {
  const conditions: ErrorCondition[] = [];
  const add = (c: ErrorCondition) => conditions.push(c);

  // Routing: RQ-1..RQ-3 (GEN-5: for V3 these are the x-acs-action / x-acs-version headers).
  if (probe.action === null || probe.action === '') {
    add({
      rule: 'RQ-1',
      tier: 'routing',
      codes: [missing('Action')],
      statuses: [400],
      strength: 'must',
      cause: 'no Action',
    });
  } else if (probe.action !== 'DetachKeyPair') {
    add({
      rule: 'RQ-2',
      tier: 'routing',
      codes: [exact('InvalidAction.NotFound'), exact('InvalidAction'), exact('InvalidParameter')],
      statuses: [404, 403, 400],
      strength: 'must',
      cause: `unknown Action ${JSON.stringify(probe.action)}`,
    });
  }
  if (probe.version === null || probe.version === '' || probe.version !== '2014-05-26') {
    add({
      rule: 'RQ-3',
      tier: 'routing',
      codes: [missing('Version'), exact('InvalidVersion'), exact('InvalidParameter')],
      statuses: [400],
      strength: 'must',
      cause: probe.version ? `unsupported Version ${JSON.stringify(probe.version)}` : 'no Version',
    });
  }

  authenticationConditions(probe, context).forEach(add);
  const success = businessConditions(world, probe, add);
  const mustFail = conditions.some((c) => c.strength === 'must');
  return {
    conditions,
    success: mustFail ? null : success,
    format: formatExpectation(probe),
    worldBefore: world,
  };
}

/** AU-3..AU-7: the error each deliberate breakage must get. */
function authenticationConditions(probe: Probe, context: OracleContext): ErrorCondition[] {
  const breakage = effectiveBreakage(probe);
  const auth = (
    rule: ErrorCondition['rule'],
    codes: CodeMatcher[],
    statuses: number[],
    cause: string,
  ): ErrorCondition[] => [{ rule, tier: 'auth', codes, statuses, strength: 'must', cause }];
  switch (breakage) {
    case null:
      return [];
    case 'wrong-signature':
      return auth(
        'AU-3',
        [exact('SignatureDoesNotMatch'), exact('IncompleteSignature')],
        [400],
        'wrong signature',
      );
    case 'body-hash-mismatch':
      return auth(
        'AU-2',
        [exact('SignatureDoesNotMatch'), exact('IncompleteSignature')],
        [400],
        'x-acs-content-sha256 is not the hash of the body',
      );
    case 'unknown-access-key':
      return auth('AU-4', [exact('InvalidAccessKeyId.NotFound')], [400, 404], 'unknown AccessKeyId');
    case 'missing-signature':
    case 'missing-access-key-id':
    case 'missing-nonce':
    case 'missing-timestamp':
    case 'malformed-authorization':
      return auth(
        'AU-5',
        [
          { prefix: 'MissingParameter' },
          { prefix: 'Missing' },
          exact('IncompleteSignature'),
          exact('IllegalTimestamp'),
        ],
        [400],
        `signature element broken: ${breakage}`,
      );
    case 'stale-timestamp':
    case 'future-timestamp':
      return auth(
        'AU-6',
        [exact('InvalidTimeStamp.Expired'), exact('IllegalTimestamp')],
        [400],
        `timestamp 16 minutes ${breakage === 'stale-timestamp' ? 'in the past' : 'in the future'}`,
      );
    case 'malformed-timestamp':
    case 'five-digit-year-timestamp':
      return auth(
        'AU-6',
        [
          exact('IllegalTimestamp'),
          { prefix: 'InvalidTimeStamp.' },
          { prefix: 'MissingParameter' },
          exact('IncompleteSignature'),
        ],
        [400],
        'malformed timestamp',
      );
    case 'replayed-nonce':
      // Other scopes are REPORT-level (AU-7): only a replay of an authenticated request's nonce is judged.
      if (context.replayOfAuthenticated) {
        return auth('AU-7', [exact('SignatureNonceUsed')], [400], 'nonce reused within 15 minutes');
      }
      return [
        {
          rule: 'AU-7',
          tier: 'auth',
          codes: [exact('SignatureNonceUsed')],
          statuses: [400],
          strength: 'may',
          cause: 'nonce reused outside the judged scope (REPORT)',
          situation: 'nonce reused outside the judged scope',
        },
      ];
  }
}

/**
 * RQ-4, RQ-5, GEN-1, ID-*, KP-*, WIN-*, ST-5: the business conditions, and the success expectation
 * when the request is well-formed enough to have one.
 */
function businessConditions(
  world: World,
  probe: Probe,
  add: (c: ErrorCondition) => void,
): SuccessExpectation | null {
  const absent = (
    name: 'RegionId' | 'KeyPairName' | 'InstanceIds',
    value: string | null,
    invalid: CodeMatcher[],
  ) => {
    if (value === null) {
      const codes =
        name === 'InstanceIds'
          ? [missing(name), exact('InvalidInstanceIds.ValueNotSupported')]
          : [missing(name)];
      add({ rule: 'RQ-4', tier: 'business', codes, statuses: [400], strength: 'must', cause: `no ${name}` });
      return true;
    }
    if (value === '') {
      // GEN-1: empty counts as missing; the parameter's not-found or invalid code is accepted too.
      add({
        rule: 'GEN-1',
        tier: 'business',
        codes: [missing(name), ...invalid],
        statuses: [400, 404],
        strength: 'must',
        cause: `${name} is empty`,
      });
      return true;
    }
    return false;
  };
  const regionMissing = absent('RegionId', probe.regionId, [
    exact('InvalidRegionId.NotFound'),
    exact('InvalidRegionId.MalFormed'),
  ]);
  const nameMissing = absent('KeyPairName', probe.keyPairName, [
    exact('InvalidKeyPairName.NotFound'),
    exact('InvalidKeyPairName.Malformed'),
  ]);

  // The InstanceIds value (ID-1..ID-7), read by the oracle's own classifier (never the emulator's parser).
  let requested: readonly string[] | null = null;
  if (probe.instanceIds !== null) {
    const value = classifyInstanceIds(probe.instanceIds);
    switch (value.rule) {
      case 'GEN-1':
        absent('InstanceIds', '', [exact('InvalidInstanceIds.ValueNotSupported')]);
        break;
      case 'ID-4':
        add({
          rule: 'ID-4',
          tier: 'business',
          codes: [
            exact('InvalidInstanceIds.ValueNotSupported'),
            ...(value.isNull ? [missing('InstanceIds')] : []),
          ],
          statuses: [400],
          strength: 'must',
          cause: value.json
            ? `InstanceIds is JSON but not a list of IDs: ${value.why}`
            : `InstanceIds is malformed JSON: ${value.why}`,
        });
        break;
      case 'ID-5':
        requested = value.ids;
        add({
          rule: 'ID-5',
          tier: 'business',
          codes: [exact('InvalidInstanceIds.ValueNotSupported'), missing('InstanceIds')],
          statuses: [400],
          strength: 'should',
          cause: 'InstanceIds is []',
        });
        break;
      case 'ID-1':
        requested = value.ids;
        break;
      case 'ID-6':
        requested = value.ids;
        add({
          rule: 'ID-6',
          tier: 'business',
          codes: [exact('InvalidInstanceIds.ValueNotSupported')],
          statuses: [400],
          strength: 'may',
          cause: 'InstanceIds is bare text (comma list or rejection)',
          // The observation names the kind of bare text: a target may read a clean comma list and still
          // reject one with an empty segment, and "accepted" beside "rejected" must not read as a contradiction.
          situation: value.ids.includes('')
            ? 'bare-text InstanceIds with an empty segment'
            : 'bare-text InstanceIds (a comma list)',
        });
        break;
    }
  } else {
    absent('InstanceIds', null, []);
  }

  if (requested !== null && requested.length > limit) {
    const distinct = new Set(requested).size;
    add({
      rule: 'ID-3',
      tier: 'business',
      codes: [exact('InvalidInstanceIds.ValueNotSupported'), exact('InstanceKeyPairLimitExceeded')],
      statuses: [400, 403],
      strength: distinct > limit ? 'must' : 'may',
      situation: 'more than 50 entries, at most 50 distinct',
      cause: `${requested.length} entries, ${distinct} distinct (limit ${limit})`,
    });
  }

  if (regionMissing || probe.regionId === null) return null;
  const regionId = probe.regionId;
  if (!world.regions.includes(regionId)) {
    add({
      rule: 'RQ-5',
      tier: 'business',
      codes: [exact('InvalidRegionId.NotFound'), exact('InvalidRegionId.MalFormed')],
      statuses: [404, 400],
      strength: 'must',
      cause: `region ${JSON.stringify(regionId)} does not exist`,
    });
    return null;
  }
  const keyPairName = nameMissing ? null : probe.keyPairName;

  // KP-1..KP-3: exact, case-sensitive, region-scoped.
  const pairsHere = world.keyPairs.filter((kp) => kp.regionId === regionId);
  let stored = pairsHere.find((kp) => kp.keyPairName === keyPairName)?.keyPairName;
  if (stored === undefined && keyPairName !== null) {
    const variant = pairsHere.find((kp) => kp.keyPairName.toLowerCase() === keyPairName.toLowerCase());
    const elsewhere = world.keyPairs.some((kp) => kp.regionId !== regionId && kp.keyPairName === keyPairName);
    const codes = [exact('InvalidKeyPairName.NotFound')];
    if (!creatableKeyPairName.test(keyPairName)) codes.push(exact('InvalidKeyPairName.Malformed'));
    add({
      rule: variant !== undefined ? 'KP-3' : elsewhere ? 'KP-2' : 'KP-1',
      tier: 'business',
      codes,
      statuses: [400],
      warnStatuses: [404],
      message: 'The specified KeyPairName does not exist in our records.',
      // KP-3 is a SHOULD: a target that matches names case-insensitively only warns.
      strength: variant !== undefined ? 'should' : 'must',
      cause:
        variant !== undefined
          ? `no key pair ${JSON.stringify(keyPairName)}; only the case variant ${JSON.stringify(variant.keyPairName)}`
          : elsewhere
            ? `key pair ${JSON.stringify(keyPairName)} exists only in another region`
            : `key pair ${JSON.stringify(keyPairName)} does not exist in ${regionId}`,
    });
    stored = variant?.keyPairName;
  }
  if (requested === null) return null;

  // WIN-1 and ST-5 hold whether or not the key pair exists: any applicable code is accepted.
  const inRegion = new Map(
    world.instances.filter((i) => i.regionId === regionId).map((i) => [i.instanceId, i]),
  );
  const windows = requested.filter((id) => inRegion.get(id)?.osType === 'windows');
  if (windows.length > 0) {
    add({
      rule: 'WIN-1',
      tier: 'business',
      codes: [exact('DependencyViolation.WindowsInstance')],
      statuses: [403],
      message: 'The instance creating is windows, cannot use ssh key pair to login',
      strength: 'must',
      cause: `Windows instance(s) ${windows.join(', ')} in the list`,
    });
  }
  const unknown = [...new Set(requested)].filter((id) => !inRegion.has(id));
  if (unknown.length > 0) {
    add({
      rule: 'ST-5',
      tier: 'business',
      codes: [exact('InvalidInstanceId.NotFound'), exact('InvalidInstanceIds.ValueNotSupported')],
      statuses: [404, 400],
      strength: 'may',
      situation: 'unknown instance IDs',
      cause: `instance(s) not in ${regionId}: ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ', …' : ''}`,
    });
  }
  if (stored === undefined || keyPairName === null) return null;
  const fates = new Map<string, InstanceFate>();
  for (const id of requested) {
    const instance = inRegion.get(id);
    fates.set(
      id,
      instance === undefined ? 'not-found' : instance.keyPairName === stored ? 'detach' : 'not-bound',
    );
  }
  const detach = new Set([...fates].filter(([, fate]) => fate === 'detach').map(([id]) => id));
  return {
    regionId,
    keyPairName,
    storedKeyPairName: stored,
    requested,
    fates,
    worldAfter: {
      ...world,
      instances: world.instances.map((i) =>
        i.regionId === regionId && detach.has(i.instanceId) ? { ...i, keyPairName: null } : i,
      ),
    },
  };
}

/** TR-2, TR-3, GEN-3: the format the response must be in; it depends on the probe alone. */
export function formatExpectation(probe: Probe): FormatExpectation {
  if (probe.format !== null) {
    // GEN-3 (REPORT): a V3 request that also carries Format may be answered in either format.
    if (probe.scheme === 'v3') return { format: 'either', rule: 'GEN-3' };
    return { format: probe.format.toLowerCase() === 'xml' ? 'xml' : 'json', rule: 'TR-2' };
  }
  // A request with its signature removed is signed by no scheme: TR-3's default cannot be demanded of it.
  const breakage = effectiveBreakage(probe);
  if (breakage === 'missing-signature' || breakage === 'malformed-authorization')
    return { format: 'either', rule: 'TR-3' };
  return { format: probe.scheme === 'v1' ? 'xml' : 'json', rule: 'TR-3' };
}

/** Whether a received `Code` matches an acceptable code (RQ-4's `MissingParameter*` included). */
export function codeMatches(code: string, matcher: CodeMatcher): boolean {
  if ('exact' in matcher) return code === matcher.exact;
  if ('prefix' in matcher) return code.startsWith(matcher.prefix);
  return (
    code === 'MissingParameter' ||
    code === `MissingParameter.${matcher.missing}` ||
    code === `Missing${matcher.missing}`
  );
}
