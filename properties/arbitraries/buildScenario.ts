import type { AccessKey, Instance, KeyPair, World } from '../../harness/spec/World.ts';
import type { Transport } from '../../harness/wire/encodeRequest.ts';
import type { InstanceIdsStyle } from '../../harness/wire/instanceIdsCodec.ts';
import { encodeInstanceIds, parseInstanceIds } from '../../harness/wire/instanceIdsCodec.ts';
import type { Breakage, FormatParam } from '../../harness/wire/Probe.ts';
import { type InvalidInstanceIdsKind, invalidInstanceIdsValue } from './invalidInstanceIdsValue.ts';
import { type NearMiss, type NearMissVariant, nearMissOf } from './nearMiss.ts';
import type { InstanceSlot, Scenario } from './scenario.ts';

/** Which `RegionId` the probe sends: the target region R, none, `''`, or a region not in the World. */
export type RegionChoice = 'target' | 'missing' | 'empty' | 'unknown';

/**
 * Which `KeyPairName` the probe sends: the target key pair K; none; `''`; a creatable name that exists in
 * no region; the name O that exists only in other regions (KP-2); K with its case swapped (KP-3); or a
 * Unicode name U that exists in R (extra key pair, bound to one unnamed instance).
 */
export type NameChoice =
  | 'target'
  | 'missing'
  | 'empty'
  | 'absent'
  | 'other-region-only'
  | 'case-variant'
  | 'unicode';

/** Every independent decision behind one {@link Scenario}; {@link buildScenario} turns it into one. */
export type ScenarioChoices = {
  accessKey: AccessKey;
  /** 15 lower-case alphanumerics: every instance ID is `i-` + seed + role letter + 4-digit base-36 index. */
  seed: string;
  slots: InstanceSlot[];
  /** Four distinct regions: R, two candidates for the other regions, and one that stays unknown. */
  regions: readonly string[];
  /** How many other regions (0–2); raised to 1 when a slot or the name choice needs one. */
  otherRegions: number;
  /** Four distinct creatable names: K (unless `unicodeTarget` replaces it), B, O, and the absent one. */
  names: readonly string[];
  /** When not null and distinct from the other names, K is this Unicode name. */
  unicodeTarget: string | null;
  /** The Unicode name U for the `unicode` name choice. */
  unicodeExtra: string;
  /** Unnamed Linux instances of R bound to K (ST-3 collateral). */
  collateralInTarget: number;
  /** Unnamed Linux instances of the other regions bound to their K (KP-2, ST-3 collateral). */
  collateralElsewhere: number;
  /** Replacements for the IDs of the first `nonexistent` slots (`null`: keep the well-formed ID). */
  malformedIds: ReadonlyArray<string | null>;
  style: InstanceIdsStyle;
  scheme: 'v1' | 'v3';
  transport: Transport;
  format: FormatParam;
  action: string | null;
  version: string | null;
  breakage: Breakage | null;
  region: RegionChoice;
  name: NameChoice;
  instanceIds: 'list' | InvalidInstanceIdsKind;
  /**
   * A near miss of an existing, bound identifier sent in place of (or beside) it, itself absent from the
   * World: an extra requested ID imitating an unnamed instance of R bound to K (ST-3), or the key pair
   * name K (KP-1; KP-3 for letter case) or the region R (RQ-5) in place of the real one. Only where the
   * request otherwise names the real thing (a list, `name: 'target'`, `region: 'target'`).
   */
  nearMiss?: NearMiss | null;
};

/**
 * Builds the scenario the choices describe: a valid World whose instances realise every slot (IDs unique
 * by construction), the requested ID list, and the probe. Pure and deterministic, so that a scenario
 * shrinks exactly as its choices do.
 */
export function buildScenario(c: ScenarioChoices): Scenario {
  const [R, candidate1, candidate2, unknownRegion] = c.regions as [string, string, string, string];
  const [n0, B, O, absent] = c.names as [string, string, string, string];
  // Names of different key pairs differ in more than letter case (KP-3 is a SHOULD: see scenario.ts).
  const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  const unicodeTarget = c.unicodeTarget;
  const K =
    unicodeTarget !== null && ![B, O, absent].some((n) => sameName(n, unicodeTarget)) ? unicodeTarget : n0;
  const U = c.unicodeExtra;
  const useU = c.name === 'unicode' && !sameName(U, K) && !sameName(U, B);
  const needsOther = c.slots.includes('other-region') || c.name === 'other-region-only';
  const others = [candidate1, candidate2].slice(0, Math.max(c.otherRegions, needsOther ? 1 : 0));

  const keyPairs: KeyPair[] = [
    { regionId: R, keyPairName: K },
    { regionId: R, keyPairName: B },
    ...(useU ? [{ regionId: R, keyPairName: U }] : []),
    ...others.flatMap((regionId) => [
      { regionId, keyPairName: K },
      { regionId, keyPairName: O },
    ]),
  ];

  const id = (role: string, index: number) => `i-${c.seed}${role}${index.toString(36).padStart(4, '0')}`;
  const instances: Instance[] = [];
  const add = (
    regionId: string,
    instanceId: string,
    osType: Instance['osType'],
    keyPairName: string | null,
  ) => {
    instances.push({ regionId, instanceId, osType, keyPairName });
    return instanceId;
  };
  const ids: string[] = [];
  const slots: InstanceSlot[] = [];
  let elsewhere = 0;
  let nonexistent = 0;
  c.slots.forEach((wanted, i) => {
    const slot: InstanceSlot = wanted === 'duplicate' && i === 0 ? 'nonexistent' : wanted;
    const rid = id('a', i);
    slots.push(slot);
    switch (slot) {
      case 'bound':
        ids.push(add(R, rid, 'linux', K));
        break;
      case 'bound-other':
        ids.push(add(R, rid, 'linux', B));
        break;
      case 'unbound':
        ids.push(add(R, rid, 'linux', null));
        break;
      case 'windows':
        ids.push(add(R, rid, 'windows', null));
        break;
      case 'windows-bound':
        ids.push(add(R, rid, 'windows', K));
        break;
      case 'other-region':
        ids.push(add(others[elsewhere++ % others.length] as string, rid, 'linux', K));
        break;
      case 'nonexistent': {
        const malformed = c.malformedIds[nonexistent++] ?? null;
        const usable = malformed !== null && (c.style !== 'comma' || commaSafe(malformed));
        ids.push(usable ? malformed : id('n', i));
        break;
      }
      case 'duplicate':
        ids.push(ids[i - 1] as string);
        break;
    }
  });
  const miss = c.nearMiss ?? null;
  if (miss?.of === 'instance' && c.instanceIds === 'list' && ids.length < 50) {
    // The real instance is bound to K and not named: only an inexact match reaches it (ST-3). A bare
    // comma list's entries may be trimmed (ID-6 leaves it open), so there the miss is never whitespace.
    const variant = c.style === 'comma' && spaced(miss.variant) ? 'upper-case' : miss.variant;
    ids.push(nearMissOf(add(R, id('m', 0), 'linux', K), variant));
    slots.push('near-miss');
  }
  for (let i = 0; i < c.collateralInTarget; i++) add(R, id('c', i), 'linux', K);
  if (others.length > 0) {
    for (let i = 0; i < c.collateralElsewhere; i++)
      add(others[i % others.length] as string, id('o', i), 'linux', K);
  }
  if (useU) add(R, id('u', 0), 'linux', U);

  const world: World = { accessKeys: [{ ...c.accessKey }], regions: [R, ...others], keyPairs, instances };
  // A near miss of K or R names nothing of the World (else it is no miss: the scenario keeps the real one).
  const nameMiss = miss?.of === 'key-pair' ? nearMissOf(K, miss.variant) : null;
  const nameNearMiss =
    nameMiss !== null && !keyPairs.some((kp) => kp.keyPairName === nameMiss) ? nameMiss : null;
  const regionMiss = miss?.of === 'region' ? nearMissOf(R, miss.variant) : null;
  const regionNearMiss =
    regionMiss !== null && !world.regions.includes(regionMiss) && regionMiss !== unknownRegion
      ? regionMiss
      : null;
  const listed = c.instanceIds === 'list' && !(c.style === 'comma' && ids.length === 0);
  const instanceIds = listed
    ? encodeInstanceIds(ids, c.style)
    : invalidInstanceIdsValue(c.instanceIds === 'list' ? 'empty' : c.instanceIds, ids);
  const breakage =
    c.scheme === 'v1' && c.breakage === 'malformed-authorization'
      ? 'missing-signature'
      : c.scheme === 'v1' && c.breakage === 'body-hash-mismatch'
        ? 'wrong-signature'
        : c.breakage;

  return {
    world,
    key: { ...c.accessKey },
    probe: {
      scheme: c.scheme,
      transport: c.transport,
      format: c.format,
      action: c.action,
      version: c.version,
      regionId: { target: regionNearMiss ?? R, missing: null, empty: '', unknown: unknownRegion }[c.region],
      keyPairName:
        c.name === 'target' && nameNearMiss !== null
          ? nameNearMiss
          : keyPairNameFor(c.name, { K, B, O, absent, U: useU ? U : K }),
      instanceIds,
      breakage,
    },
    ids: listed ? ids : null,
    style: listed ? c.style : null,
    slots,
    target: { regionId: R, keyPairName: K },
  };
}

function keyPairNameFor(
  choice: NameChoice,
  n: { K: string; B: string; O: string; absent: string; U: string },
): string | null {
  switch (choice) {
    case 'target':
      return n.K;
    case 'missing':
      return null;
    case 'empty':
      return '';
    case 'absent':
      return n.absent;
    case 'other-region-only':
      return n.O;
    case 'case-variant': {
      // KP-3 needs a name that differs from K only in case and names no key pair of R.
      const variant = swapCase(n.K);
      return variant !== n.K && variant !== n.B ? variant : n.absent;
    }
    case 'unicode':
      return n.U;
  }
}

function spaced(variant: NearMissVariant): boolean {
  return variant === 'leading-space' || variant === 'trailing-space';
}

function swapCase(text: string): string {
  return [...text]
    .map((ch) => {
      const upper = ch.toUpperCase();
      return upper !== ch ? upper : ch.toLowerCase();
    })
    .join('');
}

// A bare comma list round-trips only IDs that read back alone as themselves (ID-6).
function commaSafe(id: string): boolean {
  if (id.includes(',')) return false;
  const parsed = parseInstanceIds(id);
  return parsed.kind === 'bare-text' && parsed.ids.length === 1 && parsed.ids[0] === id;
}
