/**
 * The child process `verifyContracts` runs Pact's verifier in: Pact's FFI prints its own report straight to
 * the process's stdout, which the parent captures instead of letting it into its terminal output. Receives
 * one {@link PactVerificationRequest} over IPC, answers one {@link WorkerReply}, then exits.
 */
import type { ContractResult } from './ContractResult.ts';
import { type PactVerificationRequest, verifyPactFiles } from './verifyPactFiles.ts';

/** The worker's one answer. */
export type WorkerReply = { ok: true; results: ContractResult[] } | { ok: false; message: string };

function reply(message: WorkerReply): void {
  process.send?.(message, () => process.exit(0));
}

process.once('message', (message: PactVerificationRequest) => {
  verifyPactFiles(message).then(
    (results) => reply({ ok: true, results }),
    (error: unknown) => reply({ ok: false, message: error instanceof Error ? error.message : String(error) }),
  );
});
