import type { AccessKey } from '../../harness/spec/World.ts';

/** The credential the arbitraries put in every World unless a constraints object names another one. */
export const defaultAccessKey: AccessKey = Object.freeze({
  accessKeyId: 'conformance-ak',
  accessKeySecret: 'conformance-secret',
});
