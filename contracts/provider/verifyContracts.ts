import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { EmulatorProfile } from '../../harness/emulator/EmulatorProfile.ts';
import type { FaultName } from '../../harness/emulator/faults.ts';
import { startEmulator } from '../../harness/emulator/startEmulator.ts';
import { compiled } from '../../harness/packageFiles.ts';
import type { AccessKey } from '../../harness/spec/World.ts';
import { committedPactFiles } from '../pactFiles.ts';
import type { ContractResult } from './ContractResult.ts';
import type { WorkerReply } from './verifierWorker.ts';
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
  /** The bundled emulator's profile (only without `origin`). */
  profile?: EmulatorProfile;
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
 * {@link ContractResult} per interaction: `pass`, `fail` with Pact's mismatch, or `skip` with the reason
 * (consumer-only interactions). Each interaction's provider state loads its world through the world URL
 * with the run's credentials; every replayed request is re-signed afresh and its declared breakage
 * re-applied (contracts/provider/verifyPactFiles.ts). Pact runs in a child process so that its console
 * report stays out of the caller's output (`onOutput` receives it). Rejects only when the verification
 * could not run at all.
 */
export async function verifyContracts(options: VerifyContractsOptions = {}): Promise<ContractResult[]> {
  let close = async () => {};
  let origin = options.origin;
  let worldUrl = options.worldUrl;
  if (origin === undefined) {
    const server = await startEmulator({
      ...(options.fault === undefined ? {} : { fault: options.fault }),
      ...(options.profile === undefined ? {} : { profile: options.profile }),
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

function runWorker(
  request: PactVerificationRequest,
  options: VerifyContractsOptions,
): Promise<ContractResult[]> {
  const env = { ...process.env };
  for (const name of pactEnvironment) delete env[name];
  // From source (a checkout) the worker is TypeScript, run through tsx; compiled, it is plain JavaScript.
  const worker = fileURLToPath(
    new URL(compiled ? './verifierWorker.js' : './verifierWorker.ts', import.meta.url),
  );
  const execArgv = compiled
    ? []
    : ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href];
  const child = fork(worker, [], {
    execArgv,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  return new Promise<ContractResult[]>((resolve, reject) => {
    let reply: WorkerReply | undefined;
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`the Pact verifier did not finish within ${options.timeoutMs ?? 120_000} ms`));
    }, options.timeoutMs ?? 120_000);
    child.once('message', (message: WorkerReply) => {
      reply = message;
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      options.onOutput?.(output);
      if (reply === undefined) {
        reject(
          new Error(
            `the Pact verifier exited (${signal ?? code}) without a result: ${output.trim().slice(-1000)}`,
          ),
        );
      } else if (reply.ok) resolve(reply.results);
      else reject(new Error(`contract verification could not run: ${reply.message}`));
    });
    child.send(request);
  });
}
