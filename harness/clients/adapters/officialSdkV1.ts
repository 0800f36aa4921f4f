import { officialSdkAdapter } from './officialSdk.ts';

/**
 * `@alicloud/ecs20140526` with `signatureAlgorithm: 'v2'` as an `--adapter` module: Signature V1
 * (HMAC-SHA1), every parameter in a POST query, `Format=json` (CL-1..CL-8, target-protocol §3).
 */
export default officialSdkAdapter('v2');
