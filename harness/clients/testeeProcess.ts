import { type ChildProcess, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { definedOnly } from '../util/definedOnly.ts';
import type { ClientCall, ClientReply, ClientUnderTest, InconclusiveReply } from './ClientUnderTest.ts';
import { parseReply } from './ClientUnderTest.ts';

/** Options of {@link startTestee}. */
export type TesteeOptions = {
  /** Per-call timeout; a call that takes longer is inconclusive and the testee is restarted (default 30 s). */
  callTimeoutMs?: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Log lines kept for the report (stdout noise and stderr); later ones are counted, not kept. */
  maxLogLines?: number;
  /**
   * The longest output line read (bytes, default 1 MiB, `--max-response-bytes`): past it the line is
   * dropped unread, and a reply line that long makes its call inconclusive (the testee is restarted).
   */
  maxLineBytes?: number;
};

/**
 * Splits `stream` into lines (LF, an optional CR dropped) without ever holding more than `maxBytes` of
 * one line: past that, `onOverflow` is told once and the rest of the line is skipped unread.
 */
function boundedLines(
  stream: Readable,
  maxBytes: number,
  onLine: (line: string) => void,
  onOverflow: () => void,
): void {
  let parts: Buffer[] = [];
  let size = 0;
  let skipping = false;
  const flush = () => onLine(Buffer.concat(parts, size).toString('utf8').replace(/\r$/, ''));
  stream.on('data', (chunk: Buffer) => {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(0x0a, start);
      const piece = chunk.subarray(start, newline === -1 ? chunk.length : newline);
      if (!skipping) {
        size += piece.length;
        if (size > maxBytes) {
          skipping = true;
          parts = [];
          onOverflow();
        } else {
          parts.push(piece);
        }
      }
      if (newline === -1) return;
      if (!skipping) flush();
      parts = [];
      size = 0;
      skipping = false;
      start = newline + 1;
    }
  });
  stream.on('end', () => {
    if (!skipping && size > 0) flush();
  });
}

/** After this many deaths in a row without a single reply, calls end inconclusive without a restart. */
const maxDeathsInARow = 3;
const maxLineLength = 500;

type Pending = {
  id: string;
  /** The process the call was written to: only its reply or its death settles the call. */
  proc: ChildProcess;
  resolve: (reply: ClientReply | InconclusiveReply) => void;
  timer: NodeJS.Timeout;
};

/**
 * Runs a testee (target-protocol §3): `command` through `sh -c`, one JSON call per line on its stdin and
 * one JSON reply per line on its stdout, one call at a time. A call that times out, or a testee that
 * dies, makes that case inconclusive; a dead testee is restarted for the next call (a testee that keeps
 * dying without replying is given up after three tries). Stdout lines that are not a JSON object with an
 * `id`, and stderr, are kept for the report, bounded.
 */
export function startTestee(command: string, options: TesteeOptions = {}): ClientUnderTest {
  const timeoutMs = options.callTimeoutMs ?? 30_000;
  const maxLineBytes = options.maxLineBytes ?? 1024 * 1024;
  const maxLog = options.maxLogLines ?? 200;
  const log: string[] = [];
  let dropped = 0;
  let child: ChildProcess | null = null;
  let pending: Pending | null = null;
  let deathsInARow = 0;
  let exited: Promise<void> = Promise.resolve();

  const keep = (source: string, line: string) => {
    if (line.trim() === '') return;
    if (log.length < maxLog) {
      log.push(`${source}: ${line.length > maxLineLength ? `${line.slice(0, maxLineLength)}…` : line}`);
    } else {
      dropped++;
    }
  };

  const settle = (reply: ClientReply | InconclusiveReply) => {
    const current = pending;
    if (current === null) return;
    pending = null;
    clearTimeout(current.timer);
    current.resolve(reply);
  };

  const kill = (proc: ChildProcess) => {
    if (proc.exitCode !== null || proc.signalCode !== null || proc.pid === undefined) return;
    try {
      // The testee runs in its own process group (detached), so `sh -c` and what it started end together.
      process.kill(-proc.pid, 'SIGKILL');
    } catch {
      proc.kill('SIGKILL');
    }
  };

  const start = (): ChildProcess => {
    const proc = spawn('sh', ['-c', command], {
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
      ...definedOnly({ cwd: options.cwd, env: options.env }),
    });
    exited = new Promise<void>((resolve) => proc.once('close', () => resolve()));
    proc.stdin?.on('error', () => {}); // EPIPE after a death: the exit handler settles the call.
    proc.on('error', (error) => {
      keep('spawn', error.message);
      if (child === proc) child = null;
      if (pending?.proc === proc)
        settle({ inconclusive: `the testee could not be started: ${error.message}` });
    });
    proc.on('exit', (code, signal) => {
      if (child === proc) child = null;
      if (pending?.proc === proc) {
        deathsInARow++;
        settle({
          inconclusive: `the testee exited (${signal === null ? `code ${code}` : `signal ${signal}`}) before replying`,
        });
      }
    });
    if (proc.stdout !== null) {
      const overflow = () => {
        keep('stdout', `(a line over ${maxLineBytes} bytes, not read further)`);
        if (pending?.proc !== proc) return;
        settle({
          inconclusive: `the testee's output line exceeded ${maxLineBytes} bytes, the suite's bound (--max-response-bytes sets it; it is not a rule of the protocol)`,
        });
        // A testee writing without end is restarted for the next call.
        if (child === proc) child = null;
        kill(proc);
      };
      boundedLines(
        proc.stdout,
        maxLineBytes,
        (line) => {
          let value: unknown;
          try {
            value = JSON.parse(line);
          } catch {
            keep('stdout', line);
            return;
          }
          const id = (value as { id?: unknown } | null)?.id;
          if (typeof value !== 'object' || value === null || Array.isArray(value) || typeof id !== 'string') {
            keep('stdout', line);
            return;
          }
          if (pending === null || pending.proc !== proc || id !== pending.id) {
            keep('stdout', `(reply to no pending call) ${line}`);
            return;
          }
          deathsInARow = 0;
          const reply = parseReply(value);
          if ('invalid' in reply) {
            keep('stdout', `(not a reply: ${reply.invalid}) ${line}`);
            settle({ inconclusive: `the testee's reply is not a reply: ${reply.invalid}` });
          } else {
            settle(reply);
          }
        },
        overflow,
      );
    }
    if (proc.stderr !== null) {
      boundedLines(
        proc.stderr,
        maxLineBytes,
        (line) => keep('stderr', line),
        () => keep('stderr', `(a line over ${maxLineBytes} bytes, not read further)`),
      );
    }
    return proc;
  };

  return {
    description: `testee: ${command}`,
    detachKeyPair(call: ClientCall) {
      if (deathsInARow >= maxDeathsInARow) {
        return Promise.resolve({
          inconclusive: `the testee died ${deathsInARow} times in a row without replying; not restarted`,
        });
      }
      child ??= start();
      const proc = child;
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          settle({
            inconclusive: `the testee did not reply within ${timeoutMs} ms, the suite's bound (--response-timeout sets it)`,
          });
          // One call at a time: a testee stuck on a call is restarted for the next one.
          if (child === proc) child = null;
          kill(proc);
        }, timeoutMs);
        pending = { id: call.id, proc, resolve, timer };
        proc.stdin?.write(`${JSON.stringify(call)}\n`);
      });
    },
    log: () => (dropped > 0 ? [...log, `(${dropped} more lines not kept)`] : [...log]),
    async close() {
      const proc = child;
      child = null;
      if (proc === null) return;
      proc.stdin?.end();
      const timer = setTimeout(() => kill(proc), 2_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
