import type { ContractResult } from './ContractResult.ts';
import type { PactVerificationRequest } from './verifyPactFiles.ts';

/** One verification asked of the worker (verifierWorker.ts), numbered so that its answer can be matched. */
export type WorkerRequest = { id: number; request: PactVerificationRequest };

/** The worker's answer to one verification. */
export type WorkerReply = ({ ok: true; results: ContractResult[] } | { ok: false; message: string }) & {
  id: number;
};

/**
 * The end of one verification in the worker's output streams: written to stdout and stderr before the
 * answer, so that the parent gives each verification exactly its own Pact report.
 */
export const endOfRunMarker = (id: number): string => `\u0000dkp-verifier-end:${id}\n`;
