import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Whether this code runs compiled (`dist/**.js`, the installed package) rather than as TypeScript source (a
 * checkout, through tsx or vitest). Compiled code forks `.js` workers and needs tsx only for a `.ts` adapter.
 */
export const compiled: boolean = !import.meta.url.endsWith('.ts');

/**
 * The package root — the directory holding package.json, `contracts/pacts/`, `fixtures/` — whether this
 * module runs as source (`<root>/harness/packageFiles.ts`) or compiled (`<root>/dist/harness/packageFiles.js`).
 * The data files the suite reads at run time ship at the same paths in both.
 */
const packageRoot: string = fileURLToPath(new URL(compiled ? '../../' : '../', import.meta.url));

/** A path inside the package: `packageFile('fixtures', 'worlds', 'smoke.world.json')`. */
export function packageFile(...segments: string[]): string {
  return join(packageRoot, ...segments);
}

/**
 * The project's own normative documents, shipped in the package at the same paths as in a checkout: the
 * rules every verdict cites (`spec/DetachKeyPair.rules.md`) and the interface every command follows
 * (`spec/target-protocol.md`). `dkp-conformance rules` prints where they are.
 */
export const specDocuments = {
  rules: packageFile('spec', 'DetachKeyPair.rules.md'),
  protocol: packageFile('spec', 'target-protocol.md'),
} as const;
