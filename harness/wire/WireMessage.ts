/**
 * An HTTP request exactly as it crosses the wire: what an encoder produces and what the emulator
 * receives. Header names are lower-case; `target` is the request target (path plus raw query, no
 * origin), byte-exact as sent so that percent-encoding quirks survive.
 */
export type WireRequest = {
  method: string;
  /** Path and raw query, e.g. `/?Action=DetachKeyPair&RegionId=cn-hangzhou`. */
  target: string;
  /** Lower-case header names. The `host` header is included when known. */
  headers: Record<string, string>;
  /** The raw body; empty for GET. */
  body: Uint8Array;
};

/** An HTTP response as received (or as the emulator produces it). Header names are lower-case. */
export type WireResponse = {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
};

/** An ordered list of decoded `name=value` parameters (duplicates kept, in arrival order). */
export type ParamList = ReadonlyArray<readonly [name: string, value: string]>;
