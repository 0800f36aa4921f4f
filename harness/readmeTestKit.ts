/**
 * The README's code as tests read it: its fenced TypeScript blocks (readmeSnippets.test.ts type-checks them
 * against the sources; package.test.ts runs them, as printed, against the packed tarball in a project made
 * by `npm init -y`) and its shell blocks.
 */

/** One fenced TypeScript block of a Markdown document. */
export type Snippet = {
  /** 1-based line of the opening fence. */
  line: number;
  /** `file=PATH` of the fence, else `snippet-<line>.mts`. */
  file: string;
  /** False when the fence says `no-run`: type-checked only. */
  run: boolean;
  code: string;
};

/** Every block fenced ```ts (or ```typescript), with its fence attributes, in document order. */
export function extractSnippets(markdown: string): Snippet[] {
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

/**
 * The README's shell command lines that start with `prefix` (e.g. `npx dkp-conformance sdk`), as printed:
 * a line of a ```sh block, without its trailing `# comment`.
 */
export function shellCommands(markdown: string, prefix: string): string[] {
  const commands: string[] = [];
  let inShell = false;
  for (const line of markdown.split('\n')) {
    if (/^```/.test(line)) {
      inShell = /^```(sh|bash|shell)\s*$/.test(line);
      continue;
    }
    if (inShell && line.startsWith(prefix)) commands.push(line.replace(/\s+#.*$/, '').trim());
  }
  return commands;
}
