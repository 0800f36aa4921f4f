import { describe, expect, it } from 'vitest';
import { validateWorld } from '../../harness/spec/validateWorld.ts';
import { defaultAccessKey } from './defaultAccessKey.ts';

describe('defaultAccessKey', () => {
  it('is a credential a World accepts, and cannot be changed by accident', () => {
    const world = { accessKeys: [defaultAccessKey], regions: [], keyPairs: [], instances: [] };
    expect(validateWorld(world).ok).toBe(true);
    expect(defaultAccessKey).toEqual({
      accessKeyId: 'conformance-ak',
      accessKeySecret: 'conformance-secret',
    });
    expect(Object.isFrozen(defaultAccessKey)).toBe(true);
  });
});
