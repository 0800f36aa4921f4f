import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertNoSecrets, SecretLeakError } from '../util/assertNoSecrets.ts';
import { buildTestReport, firstRuleAt } from './buildTestReport.ts';
import { writeReports } from './writeReports.ts';

const must = firstRuleAt('MUST');
const secret = 'testSecretKeyDoNotLeak42';
const failure = { title: 'broken', expected: 'a', received: 'b' };

let root = '';
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'dkp-reports-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('writeReports', () => {
  it('creates the directory and writes report.json, junit.xml and report.html', async () => {
    const report = buildTestReport();
    const dir = join(root, 'nested', 'out');
    const paths = await writeReports(report, dir, [secret]);
    expect(paths).toEqual({
      json: join(dir, 'report.json'),
      junit: join(dir, 'junit.xml'),
      html: join(dir, 'report.html'),
    });
    const json = await readFile(paths.json, 'utf8');
    expect(JSON.parse(json)).toEqual(report);
    expect(json).toContain('\n  "schemaVersion": 1');
    expect(XMLValidator.validate(await readFile(paths.junit, 'utf8'))).toBe(true);
    expect(await readFile(paths.html, 'utf8')).toContain('<!doctype html>');
  });

  it('throws, writing nothing, when a secret is in a counterexample', async () => {
    const report = buildTestReport({
      overrides: {
        [must]: { status: 'fail', failure: { ...failure, counterexample: { accessKeySecret: secret } } },
      },
    });
    const dir = join(root, 'out');
    await expect(writeReports(report, dir, [secret])).rejects.toThrow(/report\.json/);
    await expect(writeReports(report, dir, [secret])).rejects.not.toThrow(secret);
    expect(existsSync(dir)).toBe(false);
  });

  it('names the first file that would leak, as a SecretLeakError', async () => {
    const report = buildTestReport({
      overrides: { [must]: { status: 'fail', failure: { ...failure, curl: `curl -H 'x: ${secret}'` } } },
    });
    const error = await writeReports(report, join(root, 'out'), [secret]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretLeakError);
    expect((error as SecretLeakError).file).toBe(join(root, 'out', 'report.json'));
  });
});

describe('assertNoSecrets', () => {
  it('finds a secret as is and in its escaped renderings', () => {
    const tricky = 'ab"c<d&e/f';
    expect(() => assertNoSecrets(`x ${tricky} y`, [tricky], 'a.txt')).toThrow(/a\.txt/);
    expect(() => assertNoSecrets(JSON.stringify({ s: tricky }), [tricky])).toThrow(SecretLeakError);
    expect(() => assertNoSecrets('ab&quot;c&lt;d&amp;e/f', [tricky])).toThrow(SecretLeakError);
    expect(() => assertNoSecrets(encodeURIComponent(tricky), [tricky])).toThrow(SecretLeakError);
  });

  it('ignores secrets shorter than four characters and text without secrets', () => {
    expect(() => assertNoSecrets('abc abc', ['abc', ''])).not.toThrow();
    expect(() => assertNoSecrets('clean text', [secret])).not.toThrow();
  });
});
