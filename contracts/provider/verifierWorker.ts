/**
 * The child process `verifyContracts` runs Pact's verifier in: Pact's FFI prints its own report straight to
 * the process's stdout, which the parent captures instead of letting it into its terminal output. It serves
 * one {@link PactVerificationRequest} at a time over IPC, answering each with a {@link WorkerReply} after
 * writing the run's end marker to both output streams, and stays for the next one; it exits when its parent
 * goes (the IPC channel closes).
 */
import { endOfRunMarker, type WorkerReply, type WorkerRequest } from './verifierProtocol.ts';
import { verifyPactFiles } from './verifyPactFiles.ts';

/** Resolves once `text` is written to `stream`. */
function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve) => stream.write(text, () => resolve()));
}

async function serve({ id, request }: WorkerRequest): Promise<void> {
  let answer: WorkerReply;
  try {
    answer = { ok: true, results: await verifyPactFiles(request), id };
  } catch (error) {
    answer = { ok: false, message: error instanceof Error ? error.message : String(error), id };
  }
  await write(process.stdout, endOfRunMarker(id));
  await write(process.stderr, endOfRunMarker(id));
  process.send?.(answer);
}

let queue: Promise<void> = Promise.resolve();
process.on('message', (message: WorkerRequest) => {
  queue = queue.then(() => serve(message));
});
process.on('disconnect', () => process.exit(0));
