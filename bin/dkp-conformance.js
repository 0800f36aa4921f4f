#!/usr/bin/env node
// The `dkp-conformance` command. Installed from the package it runs the compiled CLI (dist/, plain
// JavaScript: no TypeScript toolchain needed). In a checkout, where the TypeScript sources are, it runs them
// through tsx instead, so the command always matches the code (a dist/ left by `npm run build` or `npm pack`
// is not used there; `node dist/harness/cli/main.js` runs it).
import { existsSync } from 'node:fs';

const source = new URL('../harness/cli/main.ts', import.meta.url);
let cli;
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import(source.href);
} else {
  cli = await import('../dist/harness/cli/main.js');
}
// A closed pipe (`| head`) ends output quietly instead of crashing.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});
process.exitCode = await cli.main(process.argv.slice(2), {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  write: (text) => process.stdout.write(text),
  isTTY: process.stdout.isTTY === true,
});
