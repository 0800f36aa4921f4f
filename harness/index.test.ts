import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as api from './index.ts';

// The library API: what the package's main export holds, and that the public forms behave as documented.

describe('the library API', () => {
  it('exports exactly the public names (a new export is a decision: add it here and to the README)', () => {
    expect(Object.keys(api).sort()).toEqual([
      'HarnessError',
      'audit',
      'auditWithSecrets',
      'buildDrift',
      'clientInput',
      'defaultAccessKey',
      'detachKeyPairRequest',
      'detachScenario',
      'emptyWorld',
      'emulatorProfiles',
      'expandRuleSelection',
      'faultNames',
      'faults',
      'flippedProfile',
      'instanceId',
      'instanceIdList',
      'isFaultName',
      'isRuleId',
      'keyPairName',
      'malformedInstanceId',
      'maxInstanceIds',
      'mergeReports',
      'readExpectations',
      'readRecording',
      'readSandboxManifest',
      'referenceProfile',
      'regionId',
      'ruleById',
      'ruleFamilies',
      'rules',
      'rulesVersion',
      'sdk',
      'sdkWithSecrets',
      'specDocuments',
      'startEmulator',
      'suiteVersion',
      'transportErrorCode',
      'unicodeKeyPairName',
      'validateSandboxManifest',
      'validateWorld',
      'verify',
      'verifyWithSecrets',
      'world',
      'worldPath',
      'writeCaseFiles',
      'writeDrift',
      'writeReports',
    ]);
  });

  it('verify resolves to the report itself, every rule once', async () => {
    const report = await api.verify({ runs: 3, seed: 5, contracts: false });
    expect(report).toMatchObject({ schemaVersion: 1, command: 'verify', verdict: 'conformant', exitCode: 0 });
    expect(report.rules.map((r) => r.id)).toEqual(api.rules.map((r) => r.id));
  });

  it('startEmulator: url (the origin), worldUrl, a profile by name; an unknown name is refused', async () => {
    const emulator = await api.startEmulator({ port: 0, profile: 'flipped', world: api.emptyWorld });
    try {
      expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(emulator.url).toBe(emulator.origin);
      expect(emulator.worldUrl).toBe(`${emulator.url}${api.worldPath}`);
      const world = await (await fetch(emulator.worldUrl)).json();
      expect(api.validateWorld(world)).toEqual({ ok: true, world: api.emptyWorld });
    } finally {
      await emulator.close();
    }
    await expect(api.startEmulator({ profile: 'no-such-profile' })).rejects.toThrow(
      /known: reference, flipped/,
    );
    await expect(api.startEmulator({ profile: 'toString' })).rejects.toThrow(/unknown emulator profile/);
  });

  it('a flipped-profile emulator passed by name to verify is judged conformant too', async () => {
    const report = await api.verify({ runs: 3, seed: 5, contracts: false, emulator: { profile: 'flipped' } });
    expect(report.verdict).toBe('conformant');
  });

  it('the arbitraries are fast-check arbitraries the suite itself accepts', () => {
    fc.assert(
      fc.property(api.detachScenario(), api.instanceIdList(), (scenario, ids) => {
        expect(api.validateWorld(scenario.world).ok).toBe(true);
        expect(ids.length).toBeLessThanOrEqual(api.maxInstanceIds);
      }),
      { numRuns: 50 },
    );
    expect(fc.sample(api.detachKeyPairRequest({ invalidInputs: false }), 5)).toHaveLength(5);
  });

  it('rules: the registry, typed lookups, and the HarnessError of a bad option', async () => {
    expect(api.ruleById('OK-5').level).toBe('MUST');
    expect(api.isRuleId('OK-5')).toBe(true);
    expect(api.isRuleId('ok-5')).toBe(false);
    await expect(api.verify({ runs: 0 })).rejects.toMatchObject({ name: 'HarnessError', exitCode: 2 });
  });
});
