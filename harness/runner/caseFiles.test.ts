import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDocumentedCases } from '../../fixtures/documented/loadDocumentedCases.ts';
import { main } from '../cli/main.ts';
import type { FaultName } from '../emulator/faults.ts';
import type { Report } from '../reports/Report.ts';
import { HarnessError } from '../util/HarnessError.ts';
import { type CaseFile, readCaseFile, toCaseFile, writeCaseFiles } from './caseFiles.ts';
import { overrideInvocation } from './reproduceCommand.ts';
import { verify } from './verify.ts';

// Counterexamples kept as case files (issue 17): a faulty emulator's failures, written and replayed against
// it, fail again on the same rule; replayed against the clean emulator, they pass. One kind of failure per
// test: a model sequence, a metamorphic pair, a documented case and a contract (through the CLI, which also
// prints the `--case` reproduction).

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dkp-cases-'));
  overrideInvocation(['npx', 'dkp-conformance']);
});
afterAll(async () => {
  overrideInvocation(undefined);
  await rm(dir, { recursive: true, force: true });
});

const failing = (report: Report) => report.rules.filter((r) => r.status === 'fail').map((r) => r.id);

/** Runs verify against the faulty emulator, writes its case files, and replays them on faulty and clean. */
async function keepAndReplay(fault: FaultName, only: string, subdir: string) {
  const found = await verify({
    seed: 20261128,
    runs: 20,
    shrinkBudget: 3,
    only,
    contracts: false,
    emulator: { fault },
  });
  const written = await writeCaseFiles(join(dir, subdir), found.cases, found.secrets);
  const paths = written.map((w) => w.path);
  const files = await Promise.all(paths.map(async (p) => JSON.parse(await readFile(p, 'utf8')) as CaseFile));
  const again = await verify({ cases: paths, emulator: { fault } });
  const clean = await verify({ cases: paths });
  return { found, files, paths, again, clean };
}

describe('case files: kept and replayed', () => {
  it('a model sequence: replayed in order on one World, it fails again; on the clean emulator it passes', async () => {
    const { found, files, again, clean } = await keepAndReplay('success-not-applied', 'ST-1', 'sequence');
    expect(failing(found.report)).toEqual(['ST-1']);
    const file = files.find((f) => f.rule === 'ST-1');
    expect(file?.relation).toBe('sequence');
    expect(file?.provenance.source).toBe('property:model');
    expect(file?.provenance.path).toMatch(/^model:/);
    expect(failing(again.report)).toEqual(['ST-1']);
    expect(again.report.exitCode).toBe(1);
    // The replay's own reproduction replays the file again.
    expect(again.report.rules.find((r) => r.id === 'ST-1')?.failure?.reproduce).toMatch(
      / verify --fault success-not-applied --case \S+ST-1-1\.case\.json --only ST-1$/,
    );
    expect(clean.report.exitCode).toBe(0);
    expect(clean.report.rules.find((r) => r.id === 'ST-1')?.cases).toBeGreaterThan(0);
  });

  it('a metamorphic pair: both requests and their comparison, failing again; clean passes', async () => {
    const { files, again, clean } = await keepAndReplay('xml-differs-from-json', 'FM-1', 'pair');
    const file = files.find((f) => f.rule === 'FM-1');
    expect(file?.relation).toBe('same-outcome');
    expect(file?.steps).toHaveLength(2);
    expect(file?.sameOutcome?.rule).toBe('FM-1');
    expect(failing(again.report)).toContain('FM-1');
    expect(clean.report.exitCode).toBe(0);
    expect(clean.report.rules.find((r) => r.id === 'FM-1')?.status).toBe('pass');
  });

  it('no file carries a secret: every access key is an ID alone, and a fresh secret signs on replay', async () => {
    const found = await verify({
      seed: 20261128,
      runs: 10,
      shrinkBudget: 3,
      only: 'ST-3',
      contracts: false,
      emulator: { fault: 'collateral-detach' },
    });
    const written = await writeCaseFiles(join(dir, 'secrets'), found.cases, found.secrets);
    expect(written.length).toBeGreaterThan(0);
    for (const { path } of written) {
      const text = await readFile(path, 'utf8');
      expect(text).not.toContain('accessKeySecret');
      for (const secret of found.secrets) expect(text).not.toContain(secret);
      const file = JSON.parse(text) as CaseFile;
      expect(file.schemaVersion).toBe(1);
      expect(file.world?.accessKeys.some((k) => k.accessKeyId === file.signWith)).toBe(true);
    }
  });

  it('a documented case: its own documented outcome is judged again on replay', async () => {
    const documented = (await loadDocumentedCases()).find((c) => c.name === 'fifty-instances');
    const key = documented?.world.accessKeys[0];
    if (documented === undefined || key === undefined) throw new Error('the fifty-instances case is gone');
    const file = toCaseFile(
      'OK-5',
      'MUST',
      { title: 'documented', expected: 'e', received: 'r', source: 'case:fifty-instances' },
      {
        relation: 'each',
        world: documented.world,
        key,
        probes: [documented.probe],
        documented: {
          name: documented.name,
          description: documented.description,
          rules: documented.rules,
          expect: documented.expect,
        },
      },
      { target: 'test', foundAt: 'now' },
    );
    expect(JSON.stringify(file)).not.toContain(key.accessKeySecret);
    const path = join(dir, 'documented.case.json');
    await writeFile(path, JSON.stringify(file));
    const faulty = await verify({ cases: [path], emulator: { fault: 'total-count-wrong' } });
    expect(failing(faulty.report)).toContain('OK-5');
    const clean = await verify({ cases: [path] });
    expect(clean.report.exitCode).toBe(0);
    // The documented outcome itself is judged: the same case, documented as an error, fails the clean emulator.
    const asError = join(dir, 'documented-error.case.json');
    const expect400 = { kind: 'error', status: [400], codes: ['InvalidParameter'] } as const;
    await writeFile(
      asError,
      JSON.stringify({ ...file, documented: { ...file.documented, expect: expect400 } }),
    );
    const wrong = await verify({ cases: [asError] });
    const rule = documented.rules[0];
    expect(wrong.report.rules.find((r) => r.id === rule)?.failure?.title).toMatch(
      /^documented case fifty-instances/,
    );
  });
});

describe('verify --report-dir and --case (CLI)', () => {
  it("writes a case file per failure — the contracts' too — prints --case reproductions, and replays them", async () => {
    const reportDir = join(dir, 'cli');
    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(l) };
    const code = await main(
      [
        'verify',
        '--fault',
        'total-count-wrong',
        '--only',
        'OK-5',
        '--runs',
        '1',
        '--seed',
        '3',
        '--report-dir',
        reportDir,
      ],
      io,
    );
    expect(code).toBe(1);
    const names = (await readdir(join(reportDir, 'counterexamples'))).sort();
    expect(names[0]).toBe('OK-5-1.case.json');
    expect(names.length).toBeGreaterThan(1); // the contracts' failures of OK-5 too
    const files = await Promise.all(
      names.map(
        async (n) => JSON.parse(await readFile(join(reportDir, 'counterexamples', n), 'utf8')) as CaseFile,
      ),
    );
    expect(files.some((f) => f.provenance.source.startsWith('contract:'))).toBe(true);
    const report = JSON.parse(await readFile(join(reportDir, 'report.json'), 'utf8')) as Report;
    const failure = report.rules.find((r) => r.id === 'OK-5')?.failure;
    expect(failure?.caseFile).toBe(join(reportDir, 'counterexamples', 'OK-5-1.case.json'));
    expect(failure?.reproduce).toBe(
      `npx dkp-conformance verify --fault total-count-wrong --case ${failure?.caseFile} --only OK-5`,
    );
    expect(out.join('\n')).toContain(`--case ${failure?.caseFile} --only OK-5`);
    expect(out).toContain(
      `counterexamples: ${names.length} case files in ${join(reportDir, 'counterexamples')}`,
    );

    // The shell's expansion of --case DIR/*.case.json: the first file after --case, the rest as arguments.
    const paths = names.map((n) => join(reportDir, 'counterexamples', n));
    const quiet = { out: () => {}, err: () => {} };
    expect(await main(['verify', '--fault', 'total-count-wrong', '--case', ...paths], quiet)).toBe(1);
    expect(await main(['verify', '--case', ...paths], quiet)).toBe(0);
    expect(await main(['verify', '--cases', join(reportDir, 'counterexamples')], quiet)).toBe(0);
  });

  it('bad case files and clashing flags are usage errors (exit 2) that name the file and the problem', async () => {
    const errors: string[] = [];
    const io = { out: () => {}, err: (l: string) => errors.push(l) };
    const newer = join(dir, 'newer.case.json');
    await writeFile(newer, JSON.stringify({ schemaVersion: 2 }));
    expect(await main(['verify', '--case', newer], io)).toBe(2);
    expect(errors.join('\n')).toMatch(
      /newer\.case\.json: written in case-file format 2; .*reads format 1 and older: upgrade/,
    );
    expect(await main(['verify', '--case', newer, '--seed', '1'], io)).toBe(2);
    expect(errors.join('\n')).toContain('they take no --seed');
    expect(await main(['verify', 'stray.json'], io)).toBe(2);
    expect(errors.join('\n')).toContain('case files follow --case FILE');
    expect(await main(['verify', '--cases', join(dir, 'no-such-dir')], io)).toBe(2);
  });
});

describe('readCaseFile', () => {
  const valid = {
    schemaVersion: 1,
    rule: 'OK-5',
    rules: ['OK-5'],
    level: 'MUST',
    title: 't',
    expected: 'e',
    received: 'r',
    relation: 'each',
    world: {
      accessKeys: [{ accessKeyId: 'ak' }],
      regions: ['cn-hangzhou'],
      keyPairs: [{ regionId: 'cn-hangzhou', keyPairName: 'k' }],
      instances: [{ regionId: 'cn-hangzhou', instanceId: 'i-a', osType: 'linux', keyPairName: 'k' }],
    },
    signWith: 'ak',
    steps: [
      {
        scheme: 'v1',
        transport: 'get-query',
        format: 'JSON',
        action: 'DetachKeyPair',
        version: '2014-05-26',
        regionId: 'cn-hangzhou',
        keyPairName: 'k',
        instanceIds: '["i-a"]',
        breakage: null,
      },
    ],
    provenance: { suiteVersion: '0.1.0', rulesVersion: 2, target: 't', source: 's', foundAt: 'now' },
  };
  const problem = (input: unknown): string => {
    try {
      readCaseFile(input, 'x.case.json');
    } catch (error) {
      expect(error).toBeInstanceOf(HarnessError);
      return (error as Error).message;
    }
    return 'accepted';
  };

  it('accepts a well-formed file', () => {
    expect(readCaseFile(valid, 'x.case.json').steps).toHaveLength(1);
  });

  it('rejects, each alone: a secret in the World, an unknown rule, a foreign signWith, a bad step, no steps', () => {
    const world = valid.world;
    expect(
      problem({ ...valid, world: { ...world, accessKeys: [{ accessKeyId: 'ak', accessKeySecret: 's' }] } }),
    ).toContain('carries no secret');
    expect(problem({ ...valid, rule: 'OK-99' })).toContain('no rule of the registry');
    expect(problem({ ...valid, signWith: 'other' })).toContain('signWith must name an access key ID');
    expect(problem({ ...valid, steps: [{ ...valid.steps[0], scheme: 'v2' }] })).toContain(
      'steps[0]: probe.scheme',
    );
    expect(problem({ ...valid, steps: [] })).toContain('steps must be a non-empty list');
    expect(problem({ ...valid, relation: 'same-outcome' })).toContain('exactly two steps');
    expect(problem({ ...valid, schemaVersion: 0 })).toContain('schemaVersion must be a whole number');
    expect(problem([])).toContain('not a JSON object');
  });
});
