/**
 * Stable codes of the suite's own failures (never a target's rule violation, which is data).
 * `CREDENTIALS_REJECTED`: without world control, every signing scheme's canary got an authentication or
 * authorisation error, so the run judged nothing (target-protocol §4, exit 2).
 */
export type HarnessErrorCode =
  | 'USAGE'
  | 'CONFIG'
  | 'CREDENTIALS_REJECTED'
  | 'TARGET_UNREACHABLE'
  | 'WORLD_REFUSED';

/**
 * The suite itself cannot run: a bad flag, an unreadable file, an unreachable target. The message says
 * what to do; `exitCode` follows target-protocol §4 (2 usage or configuration, 3 inconclusive).
 */
export class HarnessError extends Error {
  readonly code: HarnessErrorCode;
  readonly exitCode: 2 | 3;

  constructor(code: HarnessErrorCode, message: string) {
    super(message);
    this.name = 'HarnessError';
    this.code = code;
    this.exitCode = code === 'USAGE' || code === 'CONFIG' || code === 'CREDENTIALS_REJECTED' ? 2 : 3;
  }
}
