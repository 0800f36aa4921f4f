#!/usr/bin/env node
// `npm run build` (and `prepack`): compiles the runtime sources to dist/ (tsconfig.build.json: no tests, no
// test kits), so the published package needs no TypeScript toolchain. tsc rewrites `.ts` import specifiers
// to `.js` in the JavaScript it emits but keeps them in declaration files; they are rewritten here too, so
// the declarations resolve for any consumer's TypeScript settings. Data files (pacts, documented cases,
// worlds, expectations) are not copied: the compiled code reads them from the package root
// (harness/packageFiles.ts), where `files` in package.json ships them.
import { spawnSync } from 'node:child_process';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const dist = join(root, 'dist');

// Built beside dist/ and swapped in with two renames, so a concurrent `npm pack` (two `npm test` runs at
// once) never sees dist/ missing or half written.
const staging = join(root, `dist.${process.pid}.tmp`);
await rm(staging, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const result = spawnSync(
  process.execPath,
  [
    tsc,
    '-p',
    join(root, 'tsconfig.build.json'),
    '--outDir',
    staging,
    // The package journey's build (harness/package.test.ts) leaves type errors to `npm run typecheck`, which
    // checks the same sources and the tests besides: the emitted files are the same either way.
    ...(process.env.DKP_BUILD_NO_CHECK === '1' ? ['--noCheck'] : []),
  ],
  // tsc reports on stdout: sent to stderr, which `npm pack --json` (this runs as prepack) keeps off its JSON.
  { stdio: ['ignore', 2, 2] },
);
if (result.status !== 0) {
  await rm(staging, { recursive: true, force: true });
  console.error(`build: tsc failed (${result.status ?? result.signal})`);
  process.exit(1);
}

const relativeTs = /((?:from|import)\s*\(?\s*['"])(\.{1,2}\/[^'"]*?)\.ts(['"])/g;
let declarations = 0;
for (const entry of await readdir(staging, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.d.ts')) continue;
  const file = join(entry.parentPath, entry.name);
  const text = await readFile(file, 'utf8');
  const rewritten = text.replace(relativeTs, '$1$2.js$3');
  if (rewritten !== text) await writeFile(file, rewritten);
  declarations++;
}
// A concurrent build may put its dist/ in place between the two renames: move that one aside too, and retry.
const previous = join(root, `dist.${process.pid}.old`);
for (let attempt = 1; ; attempt++) {
  await rm(previous, { recursive: true, force: true });
  await rename(dist, previous).catch((error) => {
    if (error.code !== 'ENOENT') throw error;
  });
  try {
    await rename(staging, dist);
    break;
  } catch (error) {
    if (!['ENOTEMPTY', 'EEXIST'].includes(error.code) || attempt === 5) throw error;
  }
}
await rm(previous, { recursive: true, force: true });
console.error(`build: dist/ written (${declarations} declaration files)`);
