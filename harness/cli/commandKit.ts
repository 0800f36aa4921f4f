import { readFile } from 'node:fs/promises';
import type { Expectation } from '../reports/summarise.ts';
import { createTerminalReporter, type TerminalReporter } from '../reports/terminalReporter.ts';
import { isRuleId } from '../spec/rules.ts';
import { HarnessError } from '../util/HarnessError.ts';

/** Where a command writes: whole lines, and (for live progress) raw text; `isTTY` enables the progress line. */
export type Io = {
  out: (line: string) => void;
  err: (line: string) => void;
  write?: (text: string) => void;
  isTTY?: boolean;
};

/**
 * `--expectations FILE` (target-protocol §4): `{"failures": [{"rule": "OK-6", "reason": "..."}]}`. An
 * unreadable or malformed file is a configuration error, an unknown rule ID a usage error (both exit 2).
 */
export async function readExpectations(file: string): Promise<Expectation[]> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new HarnessError('CONFIG', `cannot read --expectations ${file}: ${(error as Error).message}`);
  }
  const failures = (json as { failures?: unknown } | null)?.failures;
  if (!Array.isArray(failures))
    throw new HarnessError('CONFIG', `--expectations ${file}: expected {"failures": [...]}`);
  return failures.map((entry, i) => {
    const { rule, reason } = (entry ?? {}) as { rule?: unknown; reason?: unknown };
    if (typeof rule !== 'string' || !isRuleId(rule)) {
      throw new HarnessError(
        'USAGE',
        `--expectations ${file}: failures[${i}].rule ${JSON.stringify(rule)} is not a rule ID`,
      );
    }
    // The file exists to record why a failure is known: an entry that does not say is a usage error.
    if (typeof reason !== 'string' || reason.trim() === '') {
      throw new HarnessError(
        'USAGE',
        `--expectations ${file}: failures[${i}] (${rule}) has no "reason": say why the failure is expected`,
      );
    }
    return { rule, reason };
  });
}

/**
 * The terminal reporter for a command's `io`: raw writes when it has them, else complete lines.
 * `progressInterval` is the `--progress-interval MS` a command was given (off a TTY, the least time
 * between two progress lines within a phase; 0 prints every one): a whole number ≥ 0, else exit 2.
 */
export function terminalFor(io: Io, progressInterval?: string): TerminalReporter {
  let progressIntervalMs: number | undefined;
  if (progressInterval !== undefined) {
    progressIntervalMs = Number(progressInterval);
    if (progressInterval.trim() === '' || !Number.isInteger(progressIntervalMs) || progressIntervalMs < 0)
      throw new HarnessError(
        'USAGE',
        `--progress-interval must be a whole number of milliseconds ≥ 0, got "${progressInterval}"`,
      );
  }
  return createTerminalReporter(
    {
      write: io.write ?? lineWriter(io.out),
      isTTY: io.isTTY === true,
      ...(io.isTTY === true && process.stdout.columns !== undefined
        ? { columns: process.stdout.columns }
        : {}),
    },
    progressIntervalMs === undefined ? {} : { progressIntervalMs },
  );
}

/** Adapts raw text to a line sink: complete lines go out one by one, a trailing partial line waits. */
function lineWriter(out: (line: string) => void): (text: string) => void {
  let pending = '';
  return (text) => {
    const lines = (pending + text).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) out(line);
  };
}
