import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type FaultName, faultModules, faultNames, faults } from './faults.ts';

// The registry, the fault modules, the README's table and the reference handler's files are kept apart
// and in step here: one file per fault named as the registry names it, the table equal to the registry,
// and the reference handler free of fault names and fault branches.

const here = dirname(fileURLToPath(import.meta.url));

/** The rows of the README's fault table, as `[name, rule, description]`, in order. */
function readmeFaultTable(): string[][] {
  const readme = readFileSync(join(here, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Faults\n'));
  const end = section.indexOf('\n## ', 1);
  return (end < 0 ? section : section.slice(0, end))
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) =>
      line
        .slice(1, -1)
        .split(' | ')
        .map((cell) => cell.trim()),
    )
    .map(([name = '', rule = '', description = '']) => [name.replace(/^`|`$/g, ''), rule, description]);
}

/** The table as the registry has it, ready to paste into the README. */
function registryTable(): string {
  return faultNames
    .map((name) => `| \`${name}\` | ${faults[name].breaks} | ${faults[name].description} |`)
    .join('\n');
}

/** The reference emulator's own files: every source of harness/emulator but the fault registry and modules. */
const referenceFiles = readdirSync(here).filter(
  (file) =>
    file.endsWith('.ts') &&
    !file.endsWith('.test.ts') &&
    !/^(faults|faultKit|emulatorTestKit)\.ts$/.test(file),
);

describe('the fault registry', () => {
  it("harness/emulator/README.md's fault table is the registry: names, rules broken and descriptions, in order", () => {
    const expected = faultNames.map((name) => [name, faults[name].breaks, faults[name].description]);
    expect(readmeFaultTable(), `replace the README's rows with:\n${registryTable()}`).toEqual(expected);
  });

  it('every fault is one module in faults/, its file named as the registry names it', async () => {
    const files = readdirSync(join(here, 'faults')).filter((file) => file.endsWith('.ts'));
    expect(files.map((file) => basename(file, '.ts')).sort()).toEqual([...faultNames].sort());
    for (const file of files) {
      const name = basename(file, '.ts') as FaultName;
      const module: Record<string, unknown> = await import(`./faults/${file}`);
      expect(Object.values(module), file).toContain(faultModules[name]);
    }
  });

  it('the reference handler names no fault and branches on none', () => {
    expect(referenceFiles).toEqual(
      expect.arrayContaining(['handleRequest.ts', 'authenticate.ts', 'detachKeyPair.ts']),
    );
    for (const file of referenceFiles) {
      const source = readFileSync(join(here, file), 'utf8');
      for (const name of faultNames) expect(source, `${file} names the fault ${name}`).not.toContain(name);
      expect(source, `${file} branches on a fault`).not.toMatch(
        /\bfault\s*[!=]==|[!=]==\s*fault\b|switch\s*\(\s*fault/,
      );
      // Only startEmulator.ts takes the `fault` option, to hand it to the registry (faults.ts).
      if (file !== 'startEmulator.ts') expect(source, `${file} mentions faults`).not.toMatch(/\bfault/i);
    }
  });
});
