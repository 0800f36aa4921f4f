/**
 * Every link resolves (issue "The project stands on its own"): each relative Markdown link and each path
 * cited in backticks in the project's documents names a file or folder of the repository. A cited path is
 * one that starts at a top-level folder of the repository (`harness/…`, `spec/…`) or is a top-level file
 * (`README.md`); placeholders (`<name>`, `*`, `…`) name no file and are not checked.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));
const documents = [
  'README.md',
  'INTERPRETING.md',
  'CONTRIBUTING.md',
  'ARCHITECTURE.md',
  'CHANGELOG.md',
  'contracts/README.md',
  'harness/emulator/README.md',
  'spec/DetachKeyPair.rules.md',
  'spec/target-protocol.md',
];
// The folders runs write into (.gitignore: the README's quick start writes `reports/`) are outputs, not the
// repository's: a document citing `reports/junit.xml` names what a run will write there.
const outputs = new Set(['node_modules', 'reports', 'dist', 'coverage']);
const topLevel = new Set(readdirSync(root).filter((name) => !name.startsWith('.') && !outputs.has(name)));
const placeholder = /[<>*…{}$]|\.\.\.|^-/;

/** The relative link targets and cited repository paths of one document, without anchors. */
function citedPaths(markdown: string): { links: string[]; cited: string[] } {
  const links = [...markdown.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1] ?? '')
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#'))
    .map((target) => target.split('#')[0] ?? target);
  const cited = [...markdown.matchAll(/`([^`\s]+)`/g)]
    .map((m) => (m[1] ?? '').replace(/[.,:;)]+$/, ''))
    .filter((token) => !placeholder.test(token) && !/^[a-z]+:\/\//.test(token))
    .map((token) => token.replace(/:\d+$/, ''))
    .filter((token) => {
      const first = token.split('/')[0] ?? '';
      return token.includes('/') ? topLevel.has(first) && first !== token : topLevel.has(token);
    });
  return { links, cited };
}

describe('the documents cite only what the repository holds', () => {
  for (const document of documents) {
    it(`${document}: every relative link and cited path exists`, () => {
      const text = readFileSync(join(root, document), 'utf8');
      const base = join(root, document, '..');
      const { links, cited } = citedPaths(text);
      const missing = [
        ...links.filter((target) => !existsSync(join(base, target))).map((t) => `link ${t}`),
        ...cited.filter((path) => !existsSync(join(root, path))).map((p) => `path ${p}`),
      ];
      expect(missing).toEqual([]);
    });
  }

  it('recognises links and cited paths, and a missing one', () => {
    const { links, cited } = citedPaths(
      'See [rules](spec/DetachKeyPair.rules.md#au-3), [web](https://example.com), [top](#x), ' +
        '`harness/spec/rules.ts`, `README.md`, `harness/clients/adapters/<name>.ts`, `conformance/adapter.ts`, ' +
        '`harness/nothing-here.ts`.',
    );
    expect(links).toEqual(['spec/DetachKeyPair.rules.md']);
    expect(cited).toEqual(['harness/spec/rules.ts', 'README.md', 'harness/nothing-here.ts']);
    expect(existsSync(join(root, 'harness/nothing-here.ts'))).toBe(false);
  });
});
