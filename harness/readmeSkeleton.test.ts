import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from './cli/main.ts';

// The emulator author's journey in README.md starts from a skeleton server: the world URL works, and the
// API answers 501 to everything. Run as the README prints it (the port aside), `verify` must lead with one
// headline diagnosis — what every request got and the likely cause — before the rule table, in the
// terminal, report.json and report.html (issue 12, part 5).

const root = fileURLToPath(new URL('../', import.meta.url));
const readme = await readFile(join(root, 'README.md'), 'utf8');

/** The README's ```ts block holding the skeleton (the one defining `handleWorld`). */
function skeletonBlock(): string {
  const blocks = [...readme.matchAll(/^```ts[^\n]*\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '');
  const found = blocks.filter((b) => b.includes('async function handleWorld'));
  expect(found).toHaveLength(1);
  return found[0] as string;
}

let dir = '';
let server: Server | undefined;
afterAll(async () => {
  if (server !== undefined) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  }
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

describe("README's emulator-author skeleton", () => {
  it('gets the headline diagnosis first: every request got HTTP 501 with no error document', async () => {
    const code = skeletonBlock();
    expect(code).toContain('createServer((req, res) => {');
    expect(code).toContain('.listen(4000);');
    await mkdir(join(root, '.tmp'), { recursive: true });
    dir = await mkdtemp(join(root, '.tmp', 'readme-skeleton-'));
    const file = join(dir, 'skeleton.ts');
    const entry = relative(dirname(file), join(root, 'harness/index.ts')).split('\\').join('/');
    await writeFile(
      file,
      code
        .replace(/(['"])detach-key-pair-conformance\1/g, `'${entry}'`)
        .replace('createServer((req, res) => {', 'export const server = createServer((req, res) => {')
        .replace('.listen(4000);', ".listen(0, '127.0.0.1');"),
    );
    server = ((await import(pathToFileURL(file).href)) as { server: Server }).server;
    if (!server.listening) await new Promise((resolve) => server?.once('listening', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const lines: string[] = [];
    const reportDir = join(dir, 'reports');
    const exit = await main(
      [
        'verify',
        '--target',
        origin,
        '--runs',
        '1',
        '--seed',
        '1',
        '--no-contracts',
        '--report-dir',
        reportDir,
      ],
      { out: (l) => lines.push(l), err: (l) => lines.push(l) },
    );
    expect(exit).toBe(1);
    const headline = lines.findIndex((l) => l.startsWith('diagnosis: all '));
    expect(headline).toBeGreaterThan(-1);
    expect(headline).toBeLessThan(lines.findIndex((l) => l.startsWith('RULE')));
    expect(lines[headline]).toMatch(/^diagnosis: all \d+ API requests got HTTP 501 with no error document$/);
    expect(lines[headline + 1]).toMatch(/likely cause: .*is DetachKeyPair served on `\/`/);

    const report = JSON.parse(await readFile(join(reportDir, 'report.json'), 'utf8'));
    expect(report.diagnosis).toMatchObject({ answer: 'HTTP 501 with no error document' });
    // Nothing passes against a server that implements nothing.
    expect(report.summary.passed).toBe(0);
    const html = await readFile(join(reportDir, 'report.html'), 'utf8');
    expect(html.indexOf('Diagnosis: all')).toBeGreaterThan(-1);
    expect(html.indexOf('Diagnosis: all')).toBeLessThan(html.indexOf('<table'));
  });
});
