/**
 * The state of a target as the world URL exchanges it (target-protocol §1). Array order is not
 * significant. Pact files carry a World without `accessKeys`; the run adds its credentials.
 */
export type World = {
  accessKeys: AccessKey[];
  regions: string[];
  keyPairs: KeyPair[];
  instances: Instance[];
};

/** A credential pair the target accepts. The secret never appears in any report. */
export type AccessKey = { accessKeyId: string; accessKeySecret: string };

/** A key pair; names are unique within a region. */
export type KeyPair = { regionId: string; keyPairName: string };

/** An instance; IDs are unique across regions. `keyPairName` is the bound key pair, if any. */
export type Instance = {
  regionId: string;
  instanceId: string;
  osType: 'linux' | 'windows';
  keyPairName: string | null;
};
