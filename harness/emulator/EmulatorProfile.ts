import type { SignatureComparison } from '../wire/sameSignature.ts';

/**
 * The emulator's choices where the rules leave behaviour implementation-defined (REPORT level).
 * `reference` is the bundled default; `flipped` makes every choice the other way, so that the suite
 * can be shown to accept both (target-protocol §4, `emulate --profile`).
 */
export type EmulatorProfile = {
  name: string;
  /** ST-5: an instance ID unknown in the region is a per-instance failure, or rejects the request. */
  unknownInstance: 'per-instance-failure' | 'reject-request';
  /** ST-4: an instance bound to another key pair, or to none, is a per-instance failure or a no-op success. */
  notBoundToKeyPair: 'per-instance-failure' | 'no-op-success';
  /** ID-6: a bare value such as `i-a,i-b` is read as a comma list, or rejected. */
  bareInstanceIds: 'comma-list' | 'reject';
  /** ID-7: duplicate IDs are reported once per occurrence, or de-duplicated. */
  duplicateInstanceIds: 'per-occurrence' | 'dedupe';
  /** ID-3: the code for more than 50 IDs (`InvalidInstanceIds.ValueNotSupported` 400 or `InstanceKeyPairLimitExceeded` 403). */
  overLimit: 'value-not-supported' | 'limit-exceeded';
  /** OK-9: JSON scalars as the samples show them (numbers, booleans) or as the table types them (strings). */
  jsonScalars: 'typed' | 'strings';
  /** OK-10: whether success bodies carry `KeyPairName`. */
  keyPairNameInResponse: boolean;
  /** AU-4: the status of `InvalidAccessKeyId.NotFound` (404 observed live, 400 documented). */
  accessKeyNotFoundStatus: 400 | 404;
  /** TR-4: how JSON bodies spell their `Content-Type` (absent: `application/json;charset=utf-8`). */
  jsonContentType?: string;
  /**
   * AU-3: how a received signature is compared with the computed one — `exact` (as text; the default when
   * absent) or `by-value` (V3 hex without regard to letter case, V1 base64 as decoded bytes). AU-3 lets a
   * server do either.
   */
  signatureComparison?: SignatureComparison;
};

/** The bundled emulator's default choices, each documented in harness/emulator/README.md. */
export const referenceProfile: EmulatorProfile = {
  name: 'reference',
  unknownInstance: 'per-instance-failure',
  notBoundToKeyPair: 'per-instance-failure',
  bareInstanceIds: 'comma-list',
  duplicateInstanceIds: 'per-occurrence',
  overLimit: 'value-not-supported',
  jsonScalars: 'typed',
  keyPairNameInResponse: true,
  accessKeyNotFoundStatus: 404,
  signatureComparison: 'exact',
};

/** Every REPORT-level choice made the other way from {@link referenceProfile}. */
export const flippedProfile: EmulatorProfile = {
  name: 'flipped',
  unknownInstance: 'reject-request',
  notBoundToKeyPair: 'no-op-success',
  bareInstanceIds: 'reject',
  duplicateInstanceIds: 'dedupe',
  overLimit: 'limit-exceeded',
  jsonScalars: 'strings',
  keyPairNameInResponse: false,
  accessKeyNotFoundStatus: 400,
  jsonContentType: 'application/json',
  signatureComparison: 'by-value',
};

/**
 * Looks like the live service as public bug reports quote it (README.md, "Known client behaviours"): 404 for an unknown
 * AccessKeyId, `Recommend` in errors, numbers and booleans in JSON, and `Content-Type: application/json;
 * charset=UTF-8`. The default stand-in for a live endpoint in audit tests.
 */
export const liveLikeProfile: EmulatorProfile = {
  ...referenceProfile,
  name: 'live-like',
  accessKeyNotFoundStatus: 404,
  jsonScalars: 'typed',
  jsonContentType: 'application/json; charset=UTF-8',
};

/**
 * The reference's choices, but signatures compared as values, as real servers may (AU-3): a V3 signature
 * in upper-case hex, or a V1 signature whose last base64 character differs only in the padding bits a
 * decoder drops, is the correct signature. A probe that changes only letter case or padding bits is
 * accepted here, so the suite must never rely on one to break a signature.
 */
export const lenientProfile: EmulatorProfile = {
  ...referenceProfile,
  name: 'lenient',
  signatureComparison: 'by-value',
};

/** Profiles by the name `emulate --profile` takes. */
export const emulatorProfiles: Readonly<Record<string, EmulatorProfile>> = {
  reference: referenceProfile,
  flipped: flippedProfile,
  'live-like': liveLikeProfile,
  lenient: lenientProfile,
};
