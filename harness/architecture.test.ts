import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// STYLE: layers import downwards only, and the oracle and the emulator never import each other, so that
// verifying the emulator is a real differential test (a bug must be made twice, in two shapes, to hide).
const root = fileURLToPath(new URL('../', import.meta.url));

async function sources(dir: string, tests: boolean): Promise<string[]> {
  const entries = await readdir(join(root, dir), { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && (tests || !e.name.endsWith('.test.ts')))
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

// Static imports and re-exports (`from '…'`), side-effect imports (`import '…'`) and dynamic ones.
async function importsOf(file: string): Promise<string[]> {
  const text = await readFile(join(root, file), 'utf8');
  return [...text.matchAll(/\b(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((m) =>
    join(file, '..', m[1] ?? ''),
  );
}

async function offenders(dir: string, forbidden: readonly string[], tests = false): Promise<string[]> {
  const found: string[] = [];
  for (const file of await sources(dir, tests)) {
    for (const target of await importsOf(file)) {
      if (forbidden.some((f) => target.startsWith(f))) found.push(`${file} imports ${target}`);
    }
  }
  return found;
}

type Layer = { rank: number; name: string; paths: string[] };

// The layer table of ARCHITECTURE.md: rank, name, and the paths before the dash of the second column.
async function layerTable(): Promise<Layer[]> {
  const text = await readFile(join(root, 'ARCHITECTURE.md'), 'utf8');
  const layers: Layer[] = [];
  for (const row of text.matchAll(/^\|\s*(\d+)\s*\|([^|]+)\|([^|]+)\|/gm)) {
    const named = (row[3] ?? '').split(' — ')[0] ?? '';
    const paths = [...named.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');
    layers.push({ rank: Number(row[1]), name: (row[2] ?? '').trim(), paths });
  }
  return layers;
}

// The row whose path names the file most closely (a file path, or the longest folder prefix).
function layerOf(layers: readonly Layer[], file: string): Layer | undefined {
  let best: { layer: Layer; length: number } | undefined;
  for (const layer of layers) {
    for (const path of layer.paths) {
      const names = path.endsWith('/') ? file.startsWith(path) : file === path;
      if (names && (best === undefined || path.length > best.length)) best = { layer, length: path.length };
    }
  }
  return best?.layer;
}

describe('architecture', () => {
  it('every pair of layers in the table: a module imports only its own layer and lower ranks', async () => {
    const layers = await layerTable();
    expect(layers.length).toBeGreaterThan(10);
    const modules = (
      await Promise.all(['harness', 'contracts', 'properties', 'fixtures'].map((d) => sources(d, false)))
    )
      .flat()
      .filter((file) => !file.endsWith('TestKit.ts'));
    const unplaced: string[] = [];
    const upward: string[] = [];
    for (const file of modules) {
      const from = layerOf(layers, file);
      if (from === undefined) {
        unplaced.push(file);
        continue;
      }
      for (const target of await importsOf(file)) {
        const to = layerOf(layers, target);
        if (to === undefined) unplaced.push(`${target} (imported by ${file})`);
        else if (to !== from && to.rank >= from.rank) {
          upward.push(`${file} (${from.rank} ${from.name}) imports ${target} (${to.rank} ${to.name})`);
        }
      }
    }
    expect(unplaced, 'files no row of ARCHITECTURE.md names').toEqual([]);
    expect(upward).toEqual([]);
  });

  it('every folder of harness/ has a row in the table', async () => {
    const named = (await layerTable()).flatMap((l) => l.paths);
    const folders = (await readdir(join(root, 'harness'), { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => `harness/${e.name}/`);
    expect(folders.filter((f) => !named.includes(f))).toEqual([]);
  });

  it('the oracle and the checks never import the emulator', async () => {
    expect(await offenders('harness/oracle', ['harness/emulator'])).toEqual([]);
    expect(await offenders('harness/checks', ['harness/emulator'])).toEqual([]);
  });

  it('the emulator never imports the oracle, the checks or the runner', async () => {
    expect(
      await offenders('harness/emulator', [
        'harness/oracle',
        'harness/checks',
        'harness/suite',
        'harness/runner',
      ]),
    ).toEqual([]);
  });

  it('util knows nothing else', async () => {
    const others = ['harness/spec', 'harness/wire', 'harness/oracle', 'harness/emulator', 'harness/checks'];
    const upper = [
      'harness/targets',
      'harness/clients',
      'harness/suite',
      'harness/runner',
      'harness/reports',
      'harness/cli',
    ];
    const suites = ['harness/vitest', 'harness/index.ts', 'contracts', 'properties', 'fixtures'];
    expect(await offenders('harness/util', [...others, ...upper, ...suites])).toEqual([]);
  });

  it('spec and wire know nothing above them', async () => {
    const above = [
      'harness/oracle',
      'harness/emulator',
      'harness/checks',
      'harness/suite',
      'harness/runner',
      'harness/reports',
      'harness/cli',
      'harness/targets',
    ];
    expect(await offenders('harness/spec', [...above, 'harness/wire'])).toEqual([]);
    expect(await offenders('harness/wire', above)).toEqual([]);
  });

  // The oracle classifies InstanceIds itself (classifyInstanceIds, from the rules); the emulator's parser
  // (parseInstanceIds) must not become the judge again, or one bug in it would hide from verify (ID-1..ID-6).
  it("the oracle and the checks never read InstanceIds with the emulator's parser", async () => {
    const codec = ['harness/wire/instanceIdsCodec.ts'];
    for (const judge of ['harness/oracle', 'harness/checks', 'harness/clients/checks']) {
      expect(await offenders(judge, codec, true), judge).toEqual([]);
    }
  });

  it('a check never sends: checks import no target or runner', async () => {
    expect(await offenders('harness/checks', ['harness/targets', 'harness/suite', 'harness/runner'])).toEqual(
      [],
    );
  });
});
