import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Every ```ts block of README.md is a documented promise: it must type-check against the library API with
// the project's compiler options, and (unless fenced ```ts no-run) run to exit 0 against the bundled
// emulator. Snippets import the package by name; here that name is rewritten to the sources. A block fenced
// ```ts file=PATH is written at PATH (relative to the snippets' working directory), so that a later block
// can use it — as `sdk({ adapter: 'conformance/adapter.ts' })` does.

const root = fileURLToPath(new URL('../', import.meta.url));
const packageName = 'detach-key-pair-conformance';
const entries: Readonly<Record<string, string>> = {
  [packageName]: join(root, 'harness/index.ts'),
  [`${packageName}/vitest`]: join(root, 'harness/vitest/index.ts'),
};
/**
 * How long the type-check and each snippet may take: a value that only catches a hang. Nothing here is
 * timed; on a loaded shared machine one snippet took 36 s and the type-check 20 s, so the config's 60 s
 * would fail a merely slow run.
 */
const hangTimeoutMs = 10 * 60_000;

/** One fenced TypeScript block of a Markdown document. */
type Snippet = {
  /** 1-based line of the opening fence. */
  line: number;
  /** `file=PATH` of the fence, else `snippet-<line>.mts`. */
  file: string;
  /** False when the fence says `no-run`: type-checked only. */
  run: boolean;
  code: string;
};

/** Every block fenced ```ts (or ```typescript), with its fence attributes, in document order. */
function extractSnippets(markdown: string): Snippet[] {
  const lines = markdown.split('\n');
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})\s*(\S*)(.*)$/.exec(lines[i] ?? '');
    if (open === null) continue;
    const [, fence = '```', language = '', rest = ''] = open;
    const close = lines.findIndex((l, j) => j > i && l.trim() === fence);
    const end = close === -1 ? lines.length : close;
    if (language === 'ts' || language === 'typescript') {
      const attributes = rest.trim().split(/\s+/).filter(Boolean);
      const file = attributes.find((a) => a.startsWith('file='))?.slice('file='.length);
      snippets.push({
        line: i + 1,
        file: file ?? `snippet-${i + 1}.mts`,
        run: !attributes.includes('no-run'),
        code: lines.slice(i + 1, end).join('\n'),
      });
    }
    i = end;
  }
  return snippets;
}

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

/**
 * Runs one snippet to its exit. No clock of its own: it runs as long as its test may, and is killed when
 * `signal` aborts (the test timed out or the run was cancelled) — a slow machine is waited for, a hang still
 * ends with the test.
 */
function runSnippet(
  file: string,
  cwd: string,
  signal: AbortSignal,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      signal,
      killSignal: 'SIGKILL',
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
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

  for (const snippet of snippets) {
    it(
      `${snippet.file} (README.md:${snippet.line}) type-checks${snippet.run ? ' and runs' : ''}`,
      async (ctx) => {
        const path = join(dir, snippet.file);
        expect(problems.get(path)).toEqual([]);
        if (!snippet.run) return;
        const { code, output } = await runSnippet(path, dir, ctx.signal);
        expect({ code, output }).toMatchObject({ code: 0 });
      },
      hangTimeoutMs,
    );
  }
});
