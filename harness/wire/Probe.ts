import type { Transport } from './encodeRequest.ts';

/**
 * Ways the suite breaks authentication on purpose (AU-3..AU-7). Each names the rule it probes:
 * `wrong-signature` AU-3; `unknown-access-key` AU-4; `missing-*` and `malformed-authorization` AU-5;
 * `stale-timestamp`, `future-timestamp`, `malformed-timestamp`, `five-digit-year-timestamp` AU-6;
 * `replayed-nonce` AU-7;
 * `body-hash-mismatch` AU-2 (judged like AU-3).
 */
export type Breakage =
  | 'wrong-signature'
  | 'unknown-access-key'
  | 'missing-signature'
  | 'missing-access-key-id'
  | 'missing-nonce'
  | 'missing-timestamp'
  | 'malformed-authorization'
  | 'stale-timestamp'
  | 'future-timestamp'
  | 'malformed-timestamp'
  | 'five-digit-year-timestamp'
  | 'replayed-nonce'
  | 'body-hash-mismatch';

/** Every {@link Breakage}; `body-hash-mismatch` and `malformed-authorization` apply to V3 only. */
export const breakages: readonly Breakage[] = [
  'wrong-signature',
  'unknown-access-key',
  'missing-signature',
  'missing-access-key-id',
  'missing-nonce',
  'missing-timestamp',
  'malformed-authorization',
  'stale-timestamp',
  'future-timestamp',
  'malformed-timestamp',
  'five-digit-year-timestamp',
  'replayed-nonce',
  'body-hash-mismatch',
];

/** The `Format` values real clients send (TR-2); `null` sends none (TR-3). */
export type FormatParam = 'JSON' | 'json' | 'XML' | 'xml' | null;

/**
 * One DetachKeyPair request in the suite's model: what the oracle judges and the encoder sends. `null`
 * omits a parameter; `''` sends it empty (GEN-1). `instanceIds` is the raw value as sent (ID rules).
 */
export type Probe = {
  scheme: 'v1' | 'v3';
  transport: Transport;
  format: FormatParam;
  action: string | null;
  version: string | null;
  regionId: string | null;
  keyPairName: string | null;
  instanceIds: string | null;
  breakage: Breakage | null;
};

/** A well-formed DetachKeyPair probe with the given business parameters (V1 GET, JSON). */
export function probe(
  overrides: Partial<Probe> & Pick<Probe, 'regionId' | 'keyPairName' | 'instanceIds'>,
): Probe {
  return {
    scheme: 'v1',
    transport: 'get-query',
    format: 'JSON',
    action: 'DetachKeyPair',
    version: '2014-05-26',
    breakage: null,
    ...overrides,
  };
}

/**
 * The breakage a probe really carries: the V3-only breakages read as their V1 counterparts
 * (`malformed-authorization` → `missing-signature`, `body-hash-mismatch` → `wrong-signature`).
 */
export function effectiveBreakage(probe: Pick<Probe, 'scheme' | 'breakage'>): Breakage | null {
  if (probe.scheme === 'v1' && probe.breakage === 'malformed-authorization') return 'missing-signature';
  if (probe.scheme === 'v1' && probe.breakage === 'body-hash-mismatch') return 'wrong-signature';
  return probe.breakage;
}
