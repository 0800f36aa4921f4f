import { createRequire } from 'node:module';

/** The suite's version, from package.json: every report and recording states it. */
export const suiteVersion: string = (
  createRequire(import.meta.url)('../../package.json') as { version: string }
).version;
