import fc from 'fast-check';
import type { AccessKey, World } from '../../harness/spec/World.ts';
import { transports as allTransports, type Transport } from '../../harness/wire/encodeRequest.ts';
import { type InstanceIdsStyle, instanceIdsStyles } from '../../harness/wire/instanceIdsCodec.ts';
import { type Breakage, breakages, type FormatParam, type Probe } from '../../harness/wire/Probe.ts';
import { buildScenario, type NameChoice, type RegionChoice } from './buildScenario.ts';
import { defaultAccessKey } from './defaultAccessKey.ts';
import { instanceSlots } from './instanceSlots.ts';
import type { InvalidInstanceIdsKind } from './invalidInstanceIdsValue.ts';
import { keyPairName } from './keyPairName.ts';
import { malformedInstanceId } from './malformedInstanceId.ts';
import { type NearMiss, nearMiss } from './nearMiss.ts';
import { regionId } from './regionId.ts';
import { unicodeKeyPairName } from './unicodeKeyPairName.ts';
import { weightedChoice } from './weightedChoice.ts';

/**
 * What one requested instance ID is, relative to the target region R and key pair K:
 * `bound` a Linux instance of R bound to K; `bound-other` bound to another key pair B of R (ST-4);
 * `unbound` a Linux instance of R with no key pair; `windows` an unbound Windows instance of R and
 * `windows-bound` one bound to K (WIN-1); `other-region` a Linux instance of another region bound to that
 * region's K (ST-5, KP-2); `nonexistent` an ID in no region (possibly malformed); `duplicate` the same ID
 * as the previous entry (ID-7); `near-miss` an ID in no region that differs only by surrounding
 * whitespace, letter case, a look-alike character or as a prefix from an unnamed instance of R bound to K
 * (ST-3: exact matching must leave that instance alone).
 */
export type InstanceSlot =
  | 'bound'
  | 'bound-other'
  | 'unbound'
  | 'windows'
  | 'windows-bound'
  | 'other-region'
  | 'nonexistent'
  | 'duplicate'
  | 'near-miss';

/** One DetachKeyPair request together with the World it is sent to. */
export type Scenario = {
  /** A valid World (target-protocol §1): R first in `regions`, then 0–2 other regions. */
  world: World;
  /** The credential in `world.accessKeys`. */
  key: AccessKey;
  /** The request; `breakage` is null unless the constraints ask for one. */
  probe: Probe;
  /** The requested IDs when `probe.instanceIds` is a list encoding of them, else null. */
  ids: string[] | null;
  /** How `ids` was written into `probe.instanceIds`, else null. */
  style: InstanceIdsStyle | null;
  /**
   * What each requested ID is: `slots[i]` describes `ids[i]`. When `ids` is null, the slots the World was
   * built for (the invalid `InstanceIds` value is a near miss around their IDs).
   */
  slots: InstanceSlot[];
  /** The target region R and key pair K the slots refer to (the probe may name others on purpose). */
  target: { regionId: string; keyPairName: string };
};

/** Constraints for {@link detachScenario}. */
export type ScenarioConstraints = {
  /** `small` (default): 1 to 8 IDs. `all`: 0, 1, 2..49, 50, 51, 52..200 IDs, with weights (ID-2, ID-3). */
  sizes?: 'small' | 'all';
  /** When true, every probe carries one of `breakages` (V3-only ones are turned into their V1 twins). */
  breakage?: boolean;
  /** When true, `Action` / `Version` are sometimes missing, empty, unknown or a wrong version (RQ-1..RQ-3). */
  routing?: boolean;
  /**
   * Default true: sometimes missing or empty parameters, an unknown region, a key pair name that is
   * absent, only in another region, a case variant of K or an existing Unicode name, malformed IDs in the
   * list, and invalid `InstanceIds` values (see {@link InvalidInstanceIdsKind}; `blindSpots` adds more);
   * with `sizes: 'all'`,
   * also the empty list. When false, only valid requests (lists over 50 IDs still occur with `all`).
   */
  invalidInputs?: boolean;
  /**
   * With `invalidInputs`, also each non-string JSON type alone in a list (sharing the draws of the mixed
   * `non-string-element` value), an unterminated object or string beside the unterminated array, and in
   * half of the scenarios a near miss of a bound instance, of K or of R (`nearMiss.ts`: surrounding
   * whitespace, letter case, a look-alike, a prefix). Default false: these draws come last, and a property
   * that composes more arbitraries after a scenario keeps its draws.
   */
  blindSpots?: boolean;
  /** Signing schemes to draw from; default both. */
  schemes?: ReadonlyArray<'v1' | 'v3'>;
  /** Transports to draw from; default all. */
  transports?: readonly Transport[];
  /** `InstanceIds` styles to draw from; default all, `comma` less often. */
  styles?: readonly InstanceIdsStyle[];
  /** `Format` values to draw from; default `null`, `JSON`, `json`, `XML`, `xml`. */
  formats?: readonly FormatParam[];
  /** The credential of the World and the probe; defaults to `conformance-ak`. */
  accessKey?: AccessKey;
};

const defaultFormats: readonly FormatParam[] = [null, 'JSON', 'json', 'XML', 'xml'];
const v3Only: readonly Breakage[] = ['malformed-authorization', 'body-hash-mismatch'];

function nonEmpty<T>(what: string, values: readonly T[]): readonly T[] {
  if (values.length === 0) throw new Error(`detachScenario: constraints.${what} must not be empty`);
  return values;
}

function valid<T>(invalidInputs: boolean, ordinary: T, all: Array<[T, number]>): fc.Arbitrary<T> {
  return invalidInputs ? weightedChoice<T>([[ordinary, 80], ...all]) : fc.constant(ordinary);
}

/** Built once (see regionId.ts): every property's scenario draws its seed from it. */
const scenarioSeed = fc.stringMatching(/^[0-9a-z]{15}$/);

/**
 * A DetachKeyPair scenario: a list of {@link InstanceSlot}s, a valid World built to satisfy them (R, key
 * pairs K and B in R, K and O in 0–2 other regions, unnamed instances bound to K in every region as
 * collateral), and a probe that usually asks R to detach K from exactly those IDs. Shrinks towards short
 * lists of `bound` instances and the ordinary request.
 */
export function detachScenario(constraints: ScenarioConstraints = {}): fc.Arbitrary<Scenario> {
  const invalid = constraints.invalidInputs ?? true;
  const schemes = nonEmpty<'v1' | 'v3'>('schemes', constraints.schemes ?? ['v1', 'v3']);
  const styles = nonEmpty('styles', constraints.styles ?? instanceIdsStyles);
  const possibleBreakages = breakages.filter((b) => schemes.includes('v3') || !v3Only.includes(b));
  const routing = constraints.routing ?? false;
  const blindSpots = constraints.blindSpots ?? false;
  return fc
    .record({
      accessKey: fc.constant(constraints.accessKey ?? defaultAccessKey),
      seed: scenarioSeed,
      slots: instanceSlots({ sizes: constraints.sizes ?? 'small', allowEmpty: invalid }),
      regions: fc.uniqueArray(regionId(), { minLength: 4, maxLength: 4 }),
      otherRegions: fc.integer({ min: 0, max: 2 }),
      // Distinct in more than letter case: KP-3 (case-sensitive names) is only a SHOULD, so a target that
      // matches names case-insensitively must not break a MUST rule (ST-3, ST-4) through two names the
      // scenario meant as different key pairs.
      names: fc.uniqueArray(keyPairName(), {
        minLength: 4,
        maxLength: 4,
        selector: (name) => name.toLowerCase(),
      }),
      unicodeTarget: fc.oneof(
        { withCrossShrink: true },
        { weight: 6, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: unicodeKeyPairName() },
      ),
      unicodeExtra: unicodeKeyPairName(),
      collateralInTarget: fc.integer({ min: 0, max: 3 }),
      collateralElsewhere: fc.integer({ min: 0, max: 3 }),
      malformedIds: invalid
        ? fc.array(
            fc.oneof(
              { withCrossShrink: true },
              { weight: 3, arbitrary: fc.constant(null) },
              { weight: 1, arbitrary: malformedInstanceId() },
            ),
            { maxLength: 4 },
          )
        : fc.constant([]),
      style: weightedChoice(styles.map((s): [InstanceIdsStyle, number] => [s, s === 'comma' ? 1 : 4])),
      scheme: fc.constantFrom(...schemes),
      transport: fc.constantFrom(...nonEmpty('transports', constraints.transports ?? allTransports)),
      format: fc.constantFrom(...nonEmpty('formats', constraints.formats ?? defaultFormats)),
      action: valid<string | null>(routing, 'DetachKeyPair', [
        [null, 6],
        ['', 6],
        ['DetachKeyPairs', 4],
        ['NoSuchAction', 4],
      ]),
      version: valid<string | null>(routing, '2014-05-26', [
        [null, 6],
        ['', 6],
        ['2014-05-27', 3],
        ['2016-03-14', 3],
        ['latest', 2],
      ]),
      breakage:
        constraints.breakage === true
          ? fc.constantFrom(...possibleBreakages)
          : fc.constant<Breakage | null>(null),
      region: valid<RegionChoice>(invalid, 'target', [
        ['missing', 3],
        ['empty', 3],
        ['unknown', 5],
      ]),
      name: valid<NameChoice>(invalid, 'target', [
        ['missing', 3],
        ['empty', 3],
        ['absent', 4],
        ['other-region-only', 4],
        ['case-variant', 3],
        ['unicode', 3],
      ]),
      instanceIds: valid<'list' | InvalidInstanceIdsKind>(invalid, 'list', [
        ['missing', 2],
        ['empty', 2],
        ['whitespace', 1],
        ['malformed-json', 2],
        ['json-string', 1],
        ['object', 2],
        ['number', 1],
        // nested and number-element share what was nested's weight: every other kind keeps its draws.
        ['nested', 1],
        ['number-element', 1],
        ['empty-element', 2],
        ['non-string-element', 1],
        ['null', 1],
        ['empty-array', 1],
        ['bare-commas', 2],
      ]),
      // Drawn after every other choice and only when asked for, so that the earlier choices, and the
      // draws of arbitraries composed after a scenario (metamorphic twins, sequences), stay as they were.
      // The draws of `non-string-element` (strings mixed with a number and null: the first defect a target
      // meets masks the other) are then shared with each non-string JSON type alone in a list.
      loneElement:
        invalid && blindSpots
          ? weightedChoice<InvalidInstanceIdsKind>([
              ['non-string-element', 1],
              ['null-element', 1],
              ['boolean-element', 1],
              ['object-element', 1],
              ['array-element', 1],
            ])
          : fc.constant<InvalidInstanceIdsKind>('non-string-element'),
      // Likewise `malformed-json` (an unterminated array) shares its draws with ID-4's other openings.
      malformedJson:
        invalid && blindSpots
          ? weightedChoice<InvalidInstanceIdsKind>([
              ['malformed-json', 1],
              ['malformed-object', 1],
              ['malformed-string', 1],
            ])
          : fc.constant<InvalidInstanceIdsKind>('malformed-json'),
      nearMiss:
        invalid && blindSpots
          ? fc.option(nearMiss(), { nil: null, freq: 2 })
          : fc.constant<NearMiss | null>(null),
    })
    .map((c) => {
      const instanceIds =
        c.instanceIds === 'non-string-element'
          ? c.loneElement
          : c.instanceIds === 'malformed-json'
            ? c.malformedJson
            : c.instanceIds;
      // The choices as drawn, unless the kind was refined (a rest-and-spread copy of some 25 members
      // for every scenario cost a tenth of its generation).
      return buildScenario(instanceIds === c.instanceIds ? c : { ...c, instanceIds });
    });
}
