import { officialSdkAdapter } from './officialSdk.ts';

/**
 * `@alicloud/ecs20140526` in its default mode as an `--adapter` module: Signature V3 (ACS3-HMAC-SHA256),
 * every parameter in a POST query, `Accept: application/json` (CL-1..CL-8, target-protocol §3).
 */
export default officialSdkAdapter(undefined);
