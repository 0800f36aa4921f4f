import { type ChildProcess, fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { EmulatorProfile } from '../../harness/emulator/EmulatorProfile.ts';
import type { FaultName } from '../../harness/emulator/faults.ts';
import { startEmulator } from '../../harness/emulator/startEmulator.ts';
import { compiled } from '../../harness/packageFiles.ts';
import type { AccessKey } from '../../harness/spec/World.ts';
import { definedOnly } from '../../harness/util/definedOnly.ts';
import { committedPactFiles } from '../pactFiles.ts';
import type { ContractResult } from './ContractResult.ts';
import { noCertificateStore } from './noCertificateStore.ts';
import { endOfRunMarker, type WorkerReply, type WorkerRequest } from './verifierProtocol.ts';
import type { PactVerificationRequest } from './verifyPactFiles.ts';

export type { ContractResult } from './ContractResult.ts';

/** Options of {@link verifyContracts}. */
export type VerifyContractsOptions = {
  /** The target's origin; absent: the bundled reference emulator, started for the call. */
  origin?: string;
  /** The target's world URL; default `<origin>/_conformance/world` (target-protocol §1). */
  worldUrl?: string;
  /** The run's credentials, added to every world and used to re-sign every replayed request. */
  credentials?: AccessKey;
  /** Pact files to verify; default every file in contracts/pacts. */
  pactFiles?: readonly string[];
  /** The bundled emulator's injected fault (only without `origin`). */
  fault?: FaultName;
  /** The bundled emulator's profile, or a bundled profile's name (only without `origin`). */
  profile?: EmulatorProfile | string;
  /** Receives Pact's own report (its console output), once the verification ends. */
  onOutput?: (text: string) => void;
  /** Gives up on the verifier after this long (ms); default 120 s. */
  timeoutMs?: number;
};

/** The credentials used when the caller gives none: obviously fake, loopback only. */
export const defaultContractCredentials: AccessKey = {
  accessKeyId: 'LTAI-contracts-provider',
  accessKeySecret: 'contracts-provider-secret',
};

// Pact environment variables that would pull pacts from a broker, filter interactions or publish results:
// the suite verifies exactly the files it is given, so the child never sees them.
const pactEnvironment = [
  'PACT_BROKER_BASE_URL',
  'PACT_BROKER_TOKEN',
  'PACT_BROKER_USERNAME',
  'PACT_BROKER_PASSWORD',
  'PACT_BROKER_PUBLISH_VERIFICATION_RESULTS',
  'PACT_DESCRIPTION',
  'PACT_PROVIDER_STATE',
  'PACT_PROVIDER_NO_STATE',
];

/**
 * Verifies the committed pacts (or `pactFiles`) against any target with world control and returns one
 * {@link ContractResult} per interaction: the checks' verdict on the replayed exchange (`pass`, `fail` with
 * the rules a check found broken, `skip` with the reason, `error` when it could not be judged), every
 * check outcome, and Pact's own verdict beside it (`pact`, `pactMismatch`). Each interaction's provider
 * state loads its world through the world URL with the run's credentials; every replayed request is
 * re-signed afresh, its declared breakage re-applied, and judged with the world read back
 * (contracts/provider/verifyPactFiles.ts). Pact and the checks run in a child process so that Pact's
 * console report stays out of the caller's output (`onOutput` receives it); only results cross back,
 * never a request or a secret. Rejects only when the verification could not run at all.
 */
export async function verifyContracts(options: VerifyContractsOptions = {}): Promise<ContractResult[]> {
  let close = async () => {};
  let origin = options.origin;
  let worldUrl = options.worldUrl;
  if (origin === undefined) {
    const server = await startEmulator({
      ...definedOnly({ fault: options.fault, profile: options.profile }),
    });
    origin = server.origin;
    worldUrl = server.worldUrl;
    close = server.close;
  }
  try {
    const request: PactVerificationRequest = {
      origin: origin.replace(/\/$/, ''),
      worldUrl: worldUrl ?? `${origin.replace(/\/$/, '')}/_conformance/world`,
      credentials: options.credentials ?? defaultContractCredentials,
      pactFiles: options.pactFiles ?? (await committedPactFiles()),
    };
    return await runWorker(request, options);
  } finally {
    await close();
  }
}

/** The worker process, kept for the next verification of this process (its start costs about a second). */
type Worker = { child: ChildProcess; output: { stdout: string; stderr: string } };
let shared: Worker | undefined;
/** Verifications run one at a time on the shared worker: this is the previous one's end. */
let queue: Promise<unknown> = Promise.resolve();
let nextId = 1;

/**
 * Starts this process's verifier worker now, if it is not running, so that its start (Node, Pact JS, the
 * FFI: about two seconds) overlaps the caller's other work instead of delaying the first verification.
 */
export function startVerifier(): void {
  shared ??= startWorker();
}

function startWorker(): Worker {
  const env = { ...process.env, ...noCertificateStore() };
  for (const name of pactEnvironment) delete env[name];
  // From source (a checkout) the worker is TypeScript, run through tsx; compiled, it is plain JavaScript.
  const worker = fileURLToPath(
    new URL(compiled ? './verifierWorker.js' : './verifierWorker.ts', import.meta.url),
  );
  const execArgv = compiled
    ? []
    : ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href];
  const child = fork(worker, [], { execArgv, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], env });
  const started: Worker = { child, output: { stdout: '', stderr: '' } };
  child.stdout?.on('data', (chunk: Buffer) => {
    started.output.stdout += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    started.output.stderr += chunk.toString('utf8');
  });
  child.once('exit', () => {
    if (shared === started) shared = undefined;
  });
  // An idle worker never keeps the caller alive; it exits when the caller does (its IPC channel closes).
  child.unref();
  child.channel?.unref();
  (child.stdout as (NodeJS.ReadableStream & { unref?: () => void }) | null)?.unref?.();
  (child.stderr as (NodeJS.ReadableStream & { unref?: () => void }) | null)?.unref?.();
  return started;
}

/**
 * Runs one verification on the process's verifier worker, started on first use and kept for the next
 * one (verifications are queued: one at a time). Resolves once the worker has answered over IPC and both
 * its output streams carry this run's end marker, so that each run's Pact report is exactly its own.
 */
function runWorker(
  request: PactVerificationRequest,
  options: VerifyContractsOptions,
): Promise<ContractResult[]> {
  const run = queue.then(() => verifyOnWorker(request, options));
  queue = run.catch(() => undefined);
  return run;
}

function verifyOnWorker(
  request: PactVerificationRequest,
  options: VerifyContractsOptions,
): Promise<ContractResult[]> {
  shared ??= startWorker();
  const worker = shared;
  const { child, output } = worker;
  const id = nextId++;
  const marker = endOfRunMarker(id);
  const ended = (text: string) => text.includes(marker);
  return new Promise<ContractResult[]>((resolve, reject) => {
    let reply: WorkerReply | undefined;
    // Keep the caller alive while this verification runs; the worker is unref'd again once it ends.
    child.ref();
    child.channel?.ref();
    const finish = (result: () => void) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.unref();
      child.channel?.unref();
      result();
    };
    const settle = () => {
      if (reply === undefined || !ended(output.stdout) || !ended(output.stderr)) return;
      const text = (output.stdout + output.stderr).split(marker).join('');
      output.stdout = '';
      output.stderr = '';
      const answer = reply;
      finish(() => {
        options.onOutput?.(text);
        if (answer.ok) resolve(answer.results);
        else reject(new Error(`contract verification could not run: ${answer.message}`));
      });
    };
    const onMessage = (message: WorkerReply) => {
      if (message.id !== id) return;
      reply = message;
      settle();
    };
    const onData = () => settle();
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      if (shared === worker) shared = undefined;
      const text = output.stdout + output.stderr;
      finish(() => {
        options.onOutput?.(text);
        reject(
          new Error(
            `the Pact verifier exited (${signal ?? code}) without a result: ${text.trim().slice(-1000)}`,
          ),
        );
      });
    };
    const timer = setTimeout(() => {
      if (shared === worker) shared = undefined;
      child.kill();
      finish(() =>
        reject(new Error(`the Pact verifier did not finish within ${options.timeoutMs ?? 120_000} ms`)),
      );
    }, options.timeoutMs ?? 120_000);
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.send({ id, request } satisfies WorkerRequest);
  });
}
