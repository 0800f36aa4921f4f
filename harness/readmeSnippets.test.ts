import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractSnippets } from './readmeTestKit.ts';

// Every ```ts block of README.md is a documented promise: it must type-check against the library API with
// the project's compiler options (here: snippets import the package by name, rewritten to the sources), and
// (unless fenced ```ts no-run) run to exit 0 as printed in a project made by `npm init -y` with the packed
// tarball installed (package.test.ts). A block fenced ```ts file=PATH is written at PATH (relative to the
// snippets' working directory), so that a later block can use it — as `sdk({ adapter: 'conformance/adapter.ts' })` does.

const root = fileURLToPath(new URL('../', import.meta.url));
const packageName = 'detach-key-pair-conformance';
const entries: Readonly<Record<string, string>> = {
  [packageName]: join(root, 'harness/index.ts'),
  [`${packageName}/vitest`]: join(root, 'harness/vitest/index.ts'),
};
/**
 * How long the type-check may take: a value that only catches a hang. Nothing here is timed; on a loaded
 * shared machine the type-check took 20 s.
 */
const hangTimeoutMs = 10 * 60_000;

/** The snippet with the package's specifiers pointing at the sources, relative to where it is written. */
function localised(code: string, path: string): string {
  return code.replace(
    /(['"])(detach-key-pair-conformance(?:\/[\w-]+)?)\1/g,
    (whole, quote: string, name: string) => {
      const entry = entries[name];
      if (entry === undefined) return whole;
      const specifier = relative(dirname(path), entry).split('\\').join('/');
      return `${quote}${specifier.startsWith('.') ? specifier : `./${specifier}`}${quote}`;
    },
  );
}

function typeCheck(files: readonly string[]): Map<string, string[]> {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (config === undefined) throw new Error('cannot read tsconfig.json');
  // The project's strictness, but not its `verbatimModuleSyntax`: in a CommonJS project (`npm init -y`) a
  // `.ts` adapter written with import/export is compiled to CommonJS, as tsx runs it.
  const program = ts.createProgram({
    rootNames: [...files],
    options: { ...config.options, noEmit: true, verbatimModuleSyntax: false },
  });
  const host: ts.FormatDiagnosticsHost = {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => root,
    getNewLine: () => '\n',
  };
  const problems = new Map<string, string[]>();
  for (const file of files) {
    const source = program.getSourceFile(file);
    if (source === undefined) throw new Error(`the program has no ${file}`);
    const diagnostics = [
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    ];
    problems.set(
      file,
      diagnostics.map((d) => ts.formatDiagnostic(d, host).trim()),
    );
  }
  return problems;
}

describe('extractSnippets', () => {
  it('finds ```ts blocks with their attributes and ignores every other fence', () => {
    const markdown = [
      '```sh',
      'npm test',
      '```',
      '```ts',
      "console.log('a');",
      '```',
      '````ts no-run file=x/y.ts',
      '```',
      '````',
      '```jsonc',
      '{}',
      '```',
    ].join('\n');
    expect(extractSnippets(markdown)).toEqual([
      { line: 4, file: 'snippet-4.mts', run: true, code: "console.log('a');" },
      { line: 7, file: 'x/y.ts', run: false, code: '```' },
    ]);
  });
});

const snippets = extractSnippets(await readFile(join(root, 'README.md'), 'utf8'));

describe('README snippets', () => {
  let dir = '';
  let problems = new Map<string, string[]>();

  beforeAll(async () => {
    // Inside the checkout (in the git-ignored .tmp/), so that fast-check, vitest and the project's
    // package.json ("type": "module") resolve as they would in a user's project.
    await mkdir(join(root, '.tmp'), { recursive: true });
    dir = await mkdtemp(join(root, '.tmp', 'readme-snippets-'));
    // A project as `npm init -y` makes it: CommonJS. A snippet with top-level await must say how it runs
    // there (the README names those files `.mts`), and a `.ts` file loads as CommonJS, as it would.
    await writeFile(join(dir, 'package.json'), `${JSON.stringify({ name: 'snippets', type: 'commonjs' })}\n`);
    const files: string[] = [];
    for (const snippet of snippets) {
      const path = join(dir, snippet.file);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, `${localised(snippet.code, path)}\n`);
      files.push(path);
    }
    problems = typeCheck(files);
  }, hangTimeoutMs);

  afterAll(async () => {
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('the README has library snippets, runnable and type-check-only ones, importing the package by name', () => {
    expect(snippets.filter((s) => s.run).length).toBeGreaterThanOrEqual(2);
    expect(snippets.some((s) => !s.run)).toBe(true);
    for (const snippet of snippets) expect(snippet.code).not.toMatch(/from '\.\.?\/(harness|properties)\//);
  });

  // Each runnable one also runs, as printed, against the packed tarball in a project made by `npm init -y`:
  // package.test.ts, "the README in a fresh project".
  for (const snippet of snippets) {
    it(`${snippet.file} (README.md:${snippet.line}) type-checks`, () => {
      expect(problems.get(join(dir, snippet.file))).toEqual([]);
    });
  }
});
