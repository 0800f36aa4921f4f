import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// STYLE: layers import downwards only, and the oracle and the emulator never import each other, so that
// verifying the emulator is a real differential test (a bug must be made twice, in two shapes, to hide).
const root = fileURLToPath(new URL('../', import.meta.url));

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(join(root, dir), { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

async function importsOf(file: string): Promise<string[]> {
  const text = await readFile(join(root, file), 'utf8');
  return [...text.matchAll(/from '(\.[^']+)'/g)].map((m) => join(file, '..', m[1] ?? ''));
}

async function offenders(dir: string, forbidden: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const file of await sources(dir)) {
    for (const target of await importsOf(file)) {
      if (forbidden.some((f) => target.startsWith(f))) found.push(`${file} imports ${target}`);
    }
  }
  return found;
}

describe('architecture', () => {
  it('the oracle and the checks never import the emulator', async () => {
    expect(await offenders('harness/oracle', ['harness/emulator'])).toEqual([]);
    expect(await offenders('harness/checks', ['harness/emulator'])).toEqual([]);
  });

  it('the emulator never imports the oracle, the checks or the runner', async () => {
    expect(
      await offenders('harness/emulator', ['harness/oracle', 'harness/checks', 'harness/runner']),
    ).toEqual([]);
  });

  it('spec and wire know nothing above them', async () => {
    const above = [
      'harness/oracle',
      'harness/emulator',
      'harness/checks',
      'harness/runner',
      'harness/reports',
      'harness/cli',
      'harness/targets',
    ];
    expect(await offenders('harness/spec', [...above, 'harness/wire'])).toEqual([]);
    expect(await offenders('harness/wire', above)).toEqual([]);
  });

  it('a check never sends: checks import no target or runner', async () => {
    expect(await offenders('harness/checks', ['harness/targets', 'harness/runner'])).toEqual([]);
  });
});
