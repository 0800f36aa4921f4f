import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { emulatorProfiles } from '../emulator/EmulatorProfile.ts';
import { startEmulator } from '../emulator/startEmulator.ts';
import { runSmoke } from '../runner/runSmoke.ts';
import { rules } from '../spec/rules.ts';
import { validateWorld } from '../spec/validateWorld.ts';
import { HarnessError } from './HarnessError.ts';

const usage = `usage: dkp-conformance <command> [options]
  emulate [--port P] [--world FILE] [--profile NAME]   start the reference emulator
  verify  [--target URL] [--world-url URL]             smoke-check a target (the bundled emulator by default)
  rules   [--json]                                     print the rule registry`;

type Io = { out: (line: string) => void; err: (line: string) => void };

/**
 * Runs one CLI command and resolves to its exit code (target-protocol §4: 0 conformant, 1 failure,
 * 2 usage or configuration error, 3 inconclusive). Long-running commands (`emulate`) resolve on SIGINT/SIGTERM.
 */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    const [command, ...rest] = argv;
    switch (command) {
      case 'emulate':
        return await emulate(rest, io);
      case 'verify':
        return await verify(rest, io);
      case 'rules':
        return listRules(rest, io);
      case undefined:
      case '--help':
      case '-h':
        io.out(usage);
        return command === undefined ? 2 : 0;
      default:
        throw new HarnessError('USAGE', `unknown command "${command}"\n${usage}`);
    }
  } catch (error) {
    if (error instanceof HarnessError) {
      io.err(`dkp-conformance: ${error.message}`);
      return error.exitCode;
    }
    throw error;
  }
}

function parse<T extends Record<string, { type: 'string' | 'boolean' }>>(
  args: readonly string[],
  options: T,
) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new HarnessError('USAGE', (error as Error).message);
  }
}

async function emulate(args: readonly string[], io: Io): Promise<number> {
  const values = parse(args, {
    port: { type: 'string' },
    world: { type: 'string' },
    profile: { type: 'string' },
    fault: { type: 'string' },
  });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new HarnessError('USAGE', `--port must be an integer 0..65535, got "${values.port}"`);
  }
  const profile = emulatorProfiles[values.profile ?? 'reference'];
  if (profile === undefined) {
    throw new HarnessError(
      'USAGE',
      `unknown --profile "${values.profile}"; known: ${Object.keys(emulatorProfiles).join(', ')}`,
    );
  }
  if (values.fault !== undefined) {
    throw new HarnessError(
      'USAGE',
      `unknown --fault "${values.fault}"; this version has no injected faults yet`,
    );
  }
  let world: ReturnType<typeof validateWorld> | undefined;
  if (values.world !== undefined) {
    let text: string;
    try {
      text = await readFile(values.world, 'utf8');
    } catch (error) {
      throw new HarnessError('CONFIG', `cannot read --world ${values.world}: ${(error as Error).message}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new HarnessError('CONFIG', `--world ${values.world} is not JSON: ${(error as Error).message}`);
    }
    world = validateWorld(json);
    if (!world.ok)
      throw new HarnessError(
        'CONFIG',
        `--world ${values.world} is not a valid World: ${world.problems.join('; ')}`,
      );
  }
  let server: Awaited<ReturnType<typeof startEmulator>>;
  try {
    server = await startEmulator({ port, profile, ...(world?.ok ? { world: world.world } : {}) });
  } catch (error) {
    throw new HarnessError('CONFIG', `cannot listen on port ${port}: ${(error as Error).message}`);
  }
  io.out(`LISTENING ${server.port}`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
  return 0;
}

async function verify(args: readonly string[], io: Io): Promise<number> {
  const values = parse(args, { target: { type: 'string' }, 'world-url': { type: 'string' } });
  let origin: string;
  let worldUrl: string;
  let close = async () => {};
  if (values.target === undefined) {
    const server = await startEmulator();
    origin = server.origin;
    worldUrl = server.worldUrl;
    close = server.close;
    io.out(`bundled reference emulator on ${origin}`);
  } else {
    let url: URL;
    try {
      url = new URL(values.target);
    } catch {
      throw new HarnessError(
        'USAGE',
        `--target must be an origin such as http://127.0.0.1:4000, got "${values.target}"`,
      );
    }
    if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '') {
      throw new HarnessError(
        'USAGE',
        `--target must be an origin (scheme://host:port), got "${values.target}"`,
      );
    }
    origin = url.origin;
    worldUrl = values['world-url'] ?? `${origin}/_conformance/world`;
  }
  try {
    const steps = await runSmoke(origin, worldUrl);
    for (const step of steps)
      io.out(`${step.ok ? 'ok  ' : 'FAIL'} ${step.name} [${step.rules}] — ${step.detail}`);
    const failed = steps.filter((s) => !s.ok).length;
    io.out(`smoke: ${steps.length - failed} passed, ${failed} failed`);
    return failed > 0 ? 1 : 0;
  } finally {
    await close();
  }
}

function listRules(args: readonly string[], io: Io): number {
  const values = parse(args, { json: { type: 'boolean' } });
  if (values.json) {
    io.out(JSON.stringify(rules, null, 2));
    return 0;
  }
  for (const rule of rules) io.out(`${rule.id.padEnd(6)} ${rule.level.padEnd(6)} ${rule.statement}`);
  return 0;
}

// Run when executed directly (tsx harness/cli/main.ts or the bin), not when imported by tests.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // A closed pipe (`| head`) ends output quietly instead of crashing.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  main(process.argv.slice(2), { out: (l) => console.log(l), err: (l) => console.error(l) }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`dkp-conformance: internal error: ${(error as Error).stack ?? String(error)}`);
      process.exitCode = 3;
    },
  );
}
