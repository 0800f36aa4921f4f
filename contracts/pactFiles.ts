import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { packageFile } from '../harness/packageFiles.ts';

/** The provider name in every pact. */
export const providerName = 'ecs-detachkeypair';

/** Where the consumer tests write, and the provider side reads, the committed pact files. */
export const pactDir = packageFile('contracts', 'pacts');

/** The pact file of a consumer: Pact names it `<consumer>-<provider>.json`. */
export function pactFileOf(consumer: string): string {
  return join(pactDir, `${consumer}-${providerName}.json`);
}

/** Every committed pact file, sorted by name. */
export async function committedPactFiles(): Promise<string[]> {
  const names = await readdir(pactDir);
  return names
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((n) => join(pactDir, n));
}

/** The parts of a pact file (V3 or V4) the suite reads. */
export type PactDocument = {
  consumer: { name: string };
  provider: { name: string };
  interactions: PactInteraction[];
  metadata?: { pactSpecification?: { version?: string } };
};

/** One interaction of a pact file. */
export type PactInteraction = {
  description: string;
  providerStates?: { name: string; params?: Record<string, unknown> }[];
  [key: string]: unknown;
};

/**
 * Reads and parses a pact file. The consumer tests rewrite their file in place after every interaction
 * (Pact's merge mode), so a reader running beside them may catch it half-written: a parse failure is
 * retried for up to two seconds before it is reported. A missing file fails at once.
 */
export async function readPact(file: string): Promise<PactDocument> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 40; attempt++) {
    try {
      const pact = JSON.parse(await readFile(file, 'utf8')) as PactDocument;
      if (Array.isArray(pact.interactions) && typeof pact.consumer?.name === 'string') return pact;
      lastError = new Error('not a pact file: no consumer or interactions');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw error;
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`cannot read pact file ${file}: ${(lastError as Error).message}`);
}
