import { readFileSync } from 'node:fs';
import { packageFile } from '../packageFiles.ts';

/** The suite's version, from package.json: every report and recording states it. */
export const suiteVersion: string = (
  JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string }
).version;
