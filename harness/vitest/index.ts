/**
 * `detach-key-pair-conformance/vitest`: gate on DetachKeyPair conformance inside your own `vitest run`,
 * one test per rule. The only module of the package that imports vitest (a peer dependency).
 *
 * @packageDocumentation
 */

export type { ConformanceSuiteOptions } from './conformanceSuite.ts';
export { describeConformance } from './conformanceSuite.ts';
export type { RuleTestOutcome } from './ruleTestOutcome.ts';
export { ruleTestOutcome, runProblem } from './ruleTestOutcome.ts';
