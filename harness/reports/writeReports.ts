import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assertNoSecrets } from '../util/assertNoSecrets.ts';
import type { Report } from './Report.ts';
import { renderHtml } from './renderHtml.ts';
import { renderJunit } from './writeJunit.ts';

/** The paths `writeReports` wrote. */
export type WrittenReports = { json: string; junit: string; html: string };

/**
 * Writes `report.json` (2-space JSON), `junit.xml` and `report.html` into `dir`, creating it recursively,
 * and returns their paths. All three are rendered and checked with `assertNoSecrets` first: if any secret
 * would leak, it throws naming the file and nothing is written, not even the directory.
 */
export async function writeReports(
  report: Report,
  dir: string,
  secrets: readonly string[] = [],
): Promise<WrittenReports> {
  const paths: WrittenReports = {
    json: join(dir, 'report.json'),
    junit: join(dir, 'junit.xml'),
    html: join(dir, 'report.html'),
  };
  const outputs: [string, string][] = [
    [paths.json, `${JSON.stringify(report, null, 2)}\n`],
    [paths.junit, renderJunit(report)],
    [paths.html, renderHtml(report)],
  ];
  for (const [path, text] of outputs) assertNoSecrets(text, secrets, path);
  await mkdir(dir, { recursive: true });
  await Promise.all(outputs.map(([path, text]) => writeFile(path, text, 'utf8')));
  return paths;
}
