import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commandSchemas } from './commandSchemas.ts';

/**
 * The README's command lines (shell blocks, the CI examples in YAML, inline code) use only commands and
 * flags that command's option schema declares (`commandSchemas.ts`, whence its parsing, usage lines and
 * `--help`): examples that nobody can run here (GitHub Actions, GitLab CI) at least cannot drift from the
 * interface.
 */

const commandName = /(?:dkp-conformance|\$DKP|dkp --) ([a-z][a-z-]*)/g;

/** Command → its flags, from its option schema (the one declaration of parsing, usage and `--help`). */
function schemaFlags(): Map<string, Set<string>> {
  return new Map(
    Object.values(commandSchemas).map((schema) => [
      schema.name,
      new Set(Object.keys(schema.options).map((name) => `--${name}`)),
    ]),
  );
}

/** Each invocation in `markdown`: its command, its flags and where it is. Continuation lines join their command. */
function invocations(markdown: string): { command: string; flags: string[]; line: number }[] {
  const found: { command: string; flags: string[]; line: number }[] = [];
  const lines = markdown.split('\n');
  let inBlock = false;
  let open: { flags: string[]; continues: boolean } | undefined;
  for (const [i, text] of lines.entries()) {
    if (/^\s*```/.test(text)) {
      inBlock = !inBlock;
      open = undefined;
      continue;
    }
    // Inline code outside blocks; whole lines inside them.
    const spans = inBlock ? [text] : [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string);
    const startsHere = spans.some((s) => s.match(commandName) !== null);
    if (inBlock && open !== undefined && !startsHere && (open.continues || /^\s+--[a-z]/.test(text))) {
      // A `\`-continued shell line, or the next line of a folded YAML `run: >-` command.
      for (const flag of text.matchAll(/(?<![\w-])--[a-z][a-z-]*/g)) open.flags.push(flag[0]);
      open.continues = /\\\s*$/.test(text);
      continue;
    }
    open = undefined;
    for (const span of spans) {
      const starts = [...span.matchAll(commandName)];
      for (const [k, start] of starts.entries()) {
        const end = starts[k + 1]?.index ?? span.length;
        const rest = span.slice((start.index ?? 0) + start[0].length, end).split(/[|#]/)[0] ?? '';
        const flags = [...rest.matchAll(/(?<![\w-])--[a-z][a-z-]*/g)].map((m) => m[0]);
        const invocation = { command: start[1] as string, flags, line: i + 1 };
        found.push(invocation);
        if (inBlock) open = { flags: invocation.flags, continues: /\\\s*$/.test(text) };
      }
    }
  }
  return found;
}

describe('README command lines', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

  it('reads commands, flags and continuation lines', () => {
    const sample = [
      'Run `dkp-conformance verify --seed 1 --only OK-5` here.',
      '```sh',
      'npm run --silent dkp -- sdk --adapter a.ts \\',
      '  --report-dir reports',
      '```',
      '```yaml',
      '      - run: >-',
      '          npx dkp-conformance audit --endpoint E',
      '          --region R --record rec',
      '      - run: npm ci --no-audit',
      '```',
    ].join('\n');
    expect(invocations(sample)).toEqual([
      { command: 'verify', flags: ['--seed', '--only'], line: 1 },
      { command: 'sdk', flags: ['--adapter', '--report-dir'], line: 3 },
      { command: 'audit', flags: ['--endpoint', '--region', '--record'], line: 8 },
    ]);
  });

  it("use only the commands and flags the commands' option schemas declare", () => {
    const known = schemaFlags();
    const found = invocations(readme);
    expect(found.length).toBeGreaterThan(30);
    // Every command the CI examples run is among them.
    expect(new Set(found.map((f) => f.command))).toEqual(
      new Set(['verify', 'sdk', 'audit', 'compare', 'drift', 'emulate', 'rules', 'merge-reports']),
    );
    const unknown = found.flatMap(({ command, flags, line }) => {
      const listed = known.get(command);
      if (listed === undefined) return [`README.md:${line}: unknown command ${command}`];
      return flags.filter((f) => !listed.has(f)).map((f) => `README.md:${line}: ${command} has no ${f}`);
    });
    expect(unknown).toEqual([]);
  });

  // A usage block (a shell block with `[--…]`) lists exactly the options of its command's schema.
  it("each usage block lists exactly its command's options", () => {
    const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)]
      .map((m) => m[1] ?? '')
      .filter((block) => block.includes('[--'));
    const listed = blocks.map((block) => {
      const start = /dkp -- ([a-z][a-z-]*)/.exec(block);
      const command = start?.[1] ?? '';
      const options = block.slice((start?.index ?? 0) + (start?.[0].length ?? 0));
      const flags = [...options.matchAll(/(?<![\w-])--([a-z][a-z-]*)/g)].map((m) => m[1]);
      return [command, [...new Set(flags)].sort()];
    });
    expect(listed.map(([command]) => command)).toEqual(['verify', 'sdk', 'audit', 'compare', 'emulate']);
    for (const [command, flags] of listed) {
      const schema = commandSchemas[command as keyof typeof commandSchemas];
      expect(flags, `README.md usage of ${command}`).toEqual(Object.keys(schema.options).sort());
    }
  });

  it("the nightly audit keeps the last audit directory as a cache and compares tonight's against it", () => {
    const block = /```yaml\n(# \.github\/workflows\/nightly-audit\.yml[\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const text = block.replace(/\n\s+(--)/g, ' $1');
    const flag = (command: string, name: string) =>
      new RegExp(`\\$DKP ${command} [^\\n]*--${name} (\\S+)`).exec(text)?.[1];
    const reports = flag('audit', 'report-dir');
    const recording = flag('audit', 'record');
    expect(reports).toBe('reports');
    expect(recording).toBeDefined();
    // compare reads tonight's report directory (where audit also writes the recording) ...
    expect(flag('compare', 'after')).toBe(reports);
    // ... against the directory the cache restores, which tonight's report directory then replaces.
    const baseline = flag('compare', 'before');
    const cachePaths = [...text.matchAll(/actions\/cache\/(restore|save)@v4[\s\S]*?path: (\S+)/g)];
    expect(cachePaths.map((m) => [m[1], m[2]])).toEqual([
      ['restore', baseline],
      ['save', baseline],
    ]);
    expect(text).toContain(`cp -r ${reports} ${baseline}`);
  });
});
