import { describe, expect, it } from 'vitest';
import { emulatorProfiles } from '../emulator/EmulatorProfile.ts';
import { faultNames } from '../emulator/faults.ts';
import type { mergeReports } from '../reports/mergeReports.ts';
import type { AuditOptions } from '../runner/audit.ts';
import type { SdkOptions } from '../runner/sdk.ts';
import type { VerifyOptions } from '../runner/verify.ts';
import { formatHelp } from './CommandSchema.ts';
import { commandSchemas } from './commandSchemas.ts';
import { main } from './main.ts';

async function run(argv: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const schemas = Object.values(commandSchemas);

describe('command schemas', () => {
  it("each command's usage lines name exactly its options", () => {
    for (const schema of schemas) {
      // The synopsis only: a summary line (indented to its column) or column may name other commands' flags.
      const synopsis = schema.usage
        .split('\n')
        .filter((line) => !line.startsWith(' '.repeat(20)))
        .map((line) => line.trimStart().split(/ {6,}/)[0] ?? '');
      const named = new Set(
        synopsis.flatMap((l) => [...l.matchAll(/--[a-z][a-z-]*/g)].map((m) => m[0].slice(2))),
      );
      expect([...named].sort(), schema.name).toEqual(Object.keys(schema.options).sort());
    }
  });

  it("dkp-conformance --help is every command's usage lines, then help", async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    // The first line in the form that runs: `npx dkp-conformance` here (no checkout script runs vitest).
    const listed = ['usage: npx dkp-conformance <command> [options]', ...schemas.map((s) => s.usage)].join(
      '\n',
    );
    expect(out.startsWith(`${listed}\n`)).toBe(true);
    expect(out.slice(listed.length + 1)).toMatch(
      /^ {2}help {4}\[COMMAND\] +every option of a command[^\n]*$/,
    );
  });

  for (const schema of schemas) {
    it(`${schema.name}: --help, -h and help ${schema.name} print every option, its description and default`, async () => {
      const help = formatHelp(schema);
      for (const argv of [
        [schema.name, '--help'],
        [schema.name, '-h'],
        ['help', schema.name],
      ]) {
        expect(await run(argv), argv.join(' ')).toEqual({ code: 0, out: help, err: '' });
      }
      // Wrapped to the width: compare with the lines joined.
      const flat = help.replace(/\n {6}/g, ' ');
      for (const [name, option] of Object.entries(schema.options)) {
        expect(flat).toContain(`--${name}`);
        expect(flat).toContain(option.description);
        expect(flat).toContain(option.default === 'required' ? '(required)' : `(default: ${option.default})`);
      }
    });
  }

  it('--profile and --fault list every profile and fault where they apply', () => {
    for (const schema of [commandSchemas.emulate, commandSchemas.verify]) {
      const flat = formatHelp(schema).replace(/\n {6}/g, ' ');
      expect(flat).toContain(`profiles: ${Object.keys(emulatorProfiles).join(', ')}`);
      expect(flat).toContain(`faults: ${faultNames.join(', ')}`);
    }
  });

  it('help with an unknown command, or more than one, is a usage error; help alone is the usage', async () => {
    expect(await run(['help', 'nope'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('help takes one command'),
    });
    expect((await run(['help', 'verify', 'sdk'])).code).toBe(2);
    expect(await run(['help'])).toEqual({ ...(await run(['--help'])), code: 0 });
  });

  // The library's option objects and the CLI's flags: every flag that has a library key names a real key,
  // and every library key is a flag's or listed here as the library's own (a function, a test hook).
  it("the library's option types have the flags' keys", () => {
    const libraryKeys = (name: keyof typeof commandSchemas) =>
      Object.values(commandSchemas[name].options as Record<string, { library?: string }>)
        .map((o) => o.library)
        .filter((k) => k !== undefined)
        .sort();
    const verifyKeys = {
      target: 'flag',
      worldUrl: 'flag',
      region: 'flag',
      runs: 'flag',
      seed: 'flag',
      path: 'flag',
      replay: 'flag',
      cases: 'flag',
      casesDir: 'flag',
      shard: 'flag',
      strict: 'flag',
      only: 'flag',
      expectations: 'flag',
      contracts: 'flag',
      maxResponseBytes: 'flag',
      responseTimeoutMs: 'flag',
      emulator: 'library (--profile and --fault)',
      env: 'library',
      onProgress: 'library',
      skipDocumented: 'library',
      shrinkBudget: 'library',
    } as const satisfies Record<keyof VerifyOptions, string>;
    const sdkKeys = {
      adapter: 'flag',
      testee: 'flag',
      runs: 'flag',
      seed: 'flag',
      path: 'flag',
      strict: 'flag',
      only: 'flag',
      expectations: 'flag',
      maxResponseBytes: 'flag',
      callTimeoutMs: 'flag',
      cwd: 'library',
      onProgress: 'library',
    } as const satisfies Record<keyof SdkOptions, string>;
    const auditKeys = {
      endpoint: 'flag',
      region: 'flag',
      allowMutation: 'flag',
      sandbox: 'flag',
      rate: 'flag',
      timeoutMs: 'flag',
      maxResponseBytes: 'flag',
      record: 'flag',
      seed: 'flag',
      strict: 'flag',
      only: 'flag',
      expectations: 'flag',
      env: 'library',
      onProgress: 'library',
      backoffMs: 'library',
      clock: 'library',
    } as const satisfies Record<keyof AuditOptions, string>;
    const mergeKeys = { strict: 'flag', expectations: 'flag' } as const satisfies Record<
      keyof NonNullable<Parameters<typeof mergeReports>[1]>,
      string
    >;
    const flags = (keys: Record<string, string>) =>
      Object.entries(keys)
        .filter(([, v]) => v === 'flag')
        .map(([k]) => k)
        .sort();
    expect(libraryKeys('verify')).toEqual(flags(verifyKeys));
    expect(libraryKeys('sdk')).toEqual(flags(sdkKeys));
    expect(libraryKeys('audit')).toEqual(flags(auditKeys));
    expect(libraryKeys('merge-reports')).toEqual(flags(mergeKeys));
  });
});
