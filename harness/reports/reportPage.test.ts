import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCaseReproductions, writeCaseFiles } from '../runner/caseFiles.ts';
import { verify } from '../runner/verify.ts';
import { writeReports } from './writeReports.ts';

// report.html is a page: open it in headless Chromium (Debian's, driven by playwright-core), check the
// per-rule matrix renders and a failing rule expands to its counterexample, and keep a screenshot beside
// the report. CI installs chromium (.ci/run); elsewhere, without it, the test says why it is skipped.
const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const required = process.env.CI === 'true';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dkp-report-page-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('report.html in a browser', () => {
  it('CI has a browser to test the page with', () => {
    if (required) expect(chromium, '.ci/run installs Debian chromium').toBeDefined();
  });

  it.skipIf(chromium === undefined)(
    `renders the per-rule matrix, the drift table and the contracts, and a failing rule expands to its counterexample and case file${chromium === undefined ? ' (skipped: no chromium at /usr/bin/chromium)' : ''}`,
    async () => {
      const found = await verify({ seed: 11, runs: 20, emulator: { fault: 'windows-accepted' } });
      const { secrets } = found;
      // As the CLI does with --report-dir: each failure kept as a case file, its reproduction replaying it.
      const kept = await writeCaseFiles(dir, found.cases, secrets);
      const report = withCaseReproductions(found.report, kept, {
        command: 'verify',
        flags: ['--fault', 'windows-accepted'],
      });
      const written = await writeReports(report, dir, secrets);
      const contractFailure = report.contracts?.find((c) => c.status === 'fail');
      expect(contractFailure?.reason).toBeDefined();
      const { chromium: launcher } = await import('playwright-core');
      const browser = await launcher.launch({
        executablePath: chromium as string,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
        const requests: string[] = [];
        page.on('request', (r) => requests.push(r.url()));
        await page.goto(pathToFileURL(written.html).href);
        // The matrix: one row per rule, WIN-1 failing.
        const text = (await page.locator('body').textContent()) ?? '';
        for (const id of ['TR-1', 'AU-8', 'OK-5', 'ST-3', 'WIN-1', 'CL-1']) expect(text).toContain(id);
        expect(await page.locator('table').count()).toBeGreaterThan(1);
        expect(text).toMatch(/Drift/);
        // A failing rule expands to its counterexample.
        const failure = page.locator('details', { hasText: 'WIN-1' }).first();
        const summary = failure.locator('summary').first();
        if ((await failure.getAttribute('open')) === null) await summary.click();
        await expect.poll(async () => failure.getAttribute('open')).not.toBeNull();
        const expanded = (await failure.textContent()) ?? '';
        expect(expanded).toContain('Counterexample');
        expect(expanded).toContain('"osType": "windows"');
        expect(expanded).toContain('dkp-conformance verify');
        expect(expanded).toContain(join(dir, 'counterexamples', 'WIN-1-1.case.json'));
        expect(expanded).toMatch(
          /verify --fault windows-accepted --case \S+WIN-1-1\.case\.json --only WIN-1/,
        );
        // The contracts section: each interaction replayed, a failure's reason whole (not cut), visible.
        const contracts = page.locator('h2#contracts');
        expect(await contracts.isVisible()).toBe(true);
        const row = page.locator('tr', { hasText: contractFailure?.interaction as string }).first();
        const rowText = ((await row.textContent()) ?? '').replace(/\s+/g, ' ');
        expect(rowText).toContain('WIN-1');
        for (const line of (contractFailure?.reason ?? '').split('\n'))
          expect(rowText).toContain(line.replace(/\s+/g, ' ').trim());
        // Self-contained: nothing but the file itself was requested.
        expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
        const shot = join(dir, 'report.png');
        await page.screenshot({ path: shot, fullPage: false });
        expect((await stat(shot)).size).toBeGreaterThan(10_000);
      } finally {
        await browser.close();
      }
    },
  );
});
