#!/usr/bin/env node
// `npm run conformance` (the README's quick start): the CLI (`harness/cli/main.ts`) bundled by esbuild and run
// as plain JavaScript, rather than every module resolved and compiled through tsx's loader at each start
// (issue 19: that start was the largest share of the default run). The bundle is rebuilt whenever a source
// it was built from differs (by content), so the command always runs the code of the checkout; a fresh
// clone builds it on its first run (about half a second), and the time of that run includes the build.
//
// The bundle is the same code as `npm run dkp`'s, compiled as tsx compiles it (esbuild, tsconfig.json,
// names kept) into ES modules with the packages left as imports. It runs as compiled code does
// (harness/packageFiles.ts: `compiled`): the Pact verifier's worker is forked as JavaScript, bundled beside
// it. Each build has a directory of its own, named by the content of its sources, two levels below the
// package root (`node_modules/.dkp-conformance-<hash>/`), where harness/packageFiles.ts finds the root of
// compiled code: a run never sees another run's build change under it.
import { createHash } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const cache = join(root, 'node_modules');
/** What the last build was made from: its directory's hash and the sources it read. */
const manifestFile = join(cache, '.dkp-conformance.json');
/** Changes whenever the build below changes, so that a new build replaces bundles made the old way. */
const buildVersion = 1;
/** Files besides the bundled sources that decide what the bundle is. */
const buildFiles = ['package.json', 'tsconfig.json', 'scripts/conformance.mjs'];

/**
 * The hash of `files`' contents (relative to the root), or undefined when one is missing. Read synchronously:
 * about 300 small files, faster so than through the thread pool (about 20 ms).
 */
function hashOf(files) {
  const hash = createHash('sha256').update(`v${buildVersion}\0`);
  for (const file of files) {
    let content;
    try {
      content = readFileSync(join(root, file));
    } catch {
      return undefined;
    }
    hash.update(`${file}\0${content.length}\0`).update(content);
  }
  return hash.digest('hex').slice(0, 16);
}

/** The directory of a bundle of the current sources, building it first when there is none. */
async function bundle() {
  const manifest = await readFile(manifestFile, 'utf8')
    .then((text) => JSON.parse(text))
    .catch(() => undefined);
  if (manifest?.version === buildVersion) {
    const hash = hashOf(manifest.inputs);
    const dir = join(cache, `.dkp-conformance-${hash}`);
    if (hash !== undefined && (await stat(join(dir, 'main.js')).catch(() => undefined)) !== undefined)
      return dir;
  }
  // A source edited while esbuild reads it would leave a bundle of the old text under the new text's hash,
  // trusted by every later run: the sources the last build read are hashed before and after each build, and
  // a build they changed under is done again. (A file no earlier build read is not covered.)
  const watched = [...buildFiles, ...(Array.isArray(manifest?.inputs) ? manifest.inputs : [])];
  for (let attempt = 1; ; attempt++) {
    const before = hashOf(watched);
    const dir = await build();
    if (hashOf(watched) === before || attempt === 3) return dir;
  }
}

async function build() {
  const { build: esbuild } = await import('esbuild');
  const staging = join(cache, `.dkp-conformance.${process.pid}.tmp`);
  await rm(staging, { recursive: true, force: true });
  const result = await esbuild({
    entryPoints: {
      main: join(root, 'harness/cli/main.ts'),
      // Forked by contracts/provider/verifyContracts.ts as `./verifierWorker.js` beside its own module.
      verifierWorker: join(root, 'contracts/provider/verifierWorker.ts'),
    },
    outdir: staging,
    absWorkingDir: root,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    keepNames: true,
    sourcemap: true,
    metafile: true,
    logLevel: 'error',
  });
  const inputs = [...buildFiles, ...Object.keys(result.metafile.inputs)].sort();
  const hash = hashOf(inputs);
  const dir = join(cache, `.dkp-conformance-${hash}`);
  await rename(staging, dir).catch(async (error) => {
    // Another run built the same sources first: its bundle is this one.
    await rm(staging, { recursive: true, force: true });
    if ((await stat(join(dir, 'main.js')).catch(() => undefined)) === undefined) throw error;
  });
  const temporary = `${manifestFile}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify({ version: buildVersion, hash, inputs })}\n`);
  await rename(temporary, manifestFile).catch(async (error) => {
    await rm(temporary, { force: true });
    throw error;
  });
  await prune(dir);
  return dir;
}

/**
 * Removes the bundles of earlier sources, and what interrupted builds left, once no run can still be using
 * them (a day old: a run loads some modules, and forks the Pact worker, long after it starts).
 */
async function prune(keep) {
  const dayAgo = Date.now() - 24 * 60 * 60 * 1000;
  for (const entry of await readdir(cache, { withFileTypes: true })) {
    const path = join(cache, entry.name);
    if (!entry.name.startsWith('.dkp-conformance') || path === keep || path === manifestFile) continue;
    // Another run may be pruning at the same time: what is gone is gone.
    const mtimeMs = (await stat(path).catch(() => undefined))?.mtimeMs ?? Date.now();
    if (mtimeMs < dayAgo) await rm(path, { recursive: true, force: true });
  }
}

/** The CLI's module: the bundle, or the sources through tsx (as bin/dkp-conformance.js runs them) when no
 * bundle can be built here (a read-only node_modules, say). */
async function loadCli() {
  let dir;
  try {
    await mkdir(cache, { recursive: true });
    dir = await bundle();
    // Compiled code finds the package root two levels above its module's real path: a node_modules that
    // is itself a link to another checkout's would give that checkout's root.
    if (dirname(dirname(realpathSync(dir))) !== realpathSync(root))
      throw new Error(`${cache} is a link elsewhere`);
  } catch (error) {
    console.error(`dkp-conformance: running from source (no bundle: ${error?.message ?? String(error)})`);
    const { register } = await import('tsx/esm/api');
    register();
    return import(pathToFileURL(join(root, 'harness/cli/main.ts')).href);
  }
  // The source maps are written beside the bundle but not read at every start (tens of milliseconds):
  // NODE_OPTIONS=--enable-source-maps gives stack traces in the TypeScript sources.
  return import(pathToFileURL(join(dir, 'main.js')).href);
}

const cli = await loadCli();
// A closed pipe (`| head`) ends output quietly instead of crashing (as bin/dkp-conformance.js does).
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});
// As harness/cli/main.ts ends when run directly (the script ran `tsx harness/cli/main.ts verify`): an error
// no command turned into an exit code is an internal error, exit 3.
try {
  process.exitCode = await cli.main(process.argv.slice(2), {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    write: (text) => process.stdout.write(text),
    isTTY: process.stdout.isTTY === true,
  });
} catch (error) {
  console.error(`dkp-conformance: internal error: ${error?.stack ?? String(error)}`);
  process.exitCode = 3;
}
