import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compiled } from '../packageFiles.ts';
import { HarnessError } from '../util/HarnessError.ts';
import {
  type ClientAdapter,
  type ClientUnderTest,
  type InconclusiveReply,
  parseReply,
} from './ClientUnderTest.ts';

/** Options of {@link loadAdapter} and {@link adapterClient}. */
export type AdapterOptions = {
  /** Where a relative path or a package name is resolved from; default `process.cwd()`. */
  cwd?: string;
  /** Per-call timeout; a call that takes longer is inconclusive (default 30 s, target-protocol §3). */
  callTimeoutMs?: number;
};

function hasDetach(value: unknown): value is ClientAdapter {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { detachKeyPair?: unknown }).detachKeyPair === 'function'
  );
}

/**
 * Resolves `--adapter` to a file URL: an explicit path (`./x`, `/x`) or an existing file relative to `cwd`,
 * else a package name (subpaths allowed) resolvable from `cwd`.
 */
function resolveAdapter(spec: string, cwd: string): string {
  const file = resolve(cwd, spec);
  const explicitPath = spec.startsWith('.') || isAbsolute(spec);
  if (explicitPath || existsSync(file)) {
    if (!existsSync(file)) throw new HarnessError('CONFIG', `--adapter ${spec}: no such file (${file})`);
    return pathToFileURL(file).href;
  }
  try {
    return pathToFileURL(createRequire(join(cwd, 'noop.js')).resolve(spec)).href;
  } catch (error) {
    throw new HarnessError(
      'CONFIG',
      `--adapter ${spec}: neither a file nor a package resolvable from ${cwd} (${(error as Error).message.split('\n')[0]})`,
    );
  }
}

const typeScript = /\.[cm]?tsx?$/;

/**
 * Imports an adapter module. From source (a checkout) the process already runs under tsx or vitest, which
 * load TypeScript; the compiled package loads a `.ts` adapter through tsx's `tsImport`, scoped to that one
 * module and its imports, and every other module with Node's own `import`.
 */
async function importModule(url: string): Promise<unknown> {
  if (compiled && typeScript.test(new URL(url).pathname)) {
    const { tsImport } = await import('tsx/esm/api');
    return tsImport(url, import.meta.url);
  }
  return import(url);
}

/**
 * Loads an `--adapter` module (target-protocol §3): a path to a JavaScript module (or a TypeScript one,
 * loaded through tsx) or a package name resolvable from `cwd`, whose default export has
 * `detachKeyPair(call)`. A CommonJS module's `module.exports` (or its `default`) is accepted too. A missing
 * module or a default export without `detachKeyPair` is a configuration error (`CONFIG`, exit 2).
 */
export async function loadAdapter(spec: string, options: AdapterOptions = {}): Promise<ClientUnderTest> {
  const url = resolveAdapter(spec, options.cwd ?? process.cwd());
  let module: Record<string, unknown>;
  try {
    module = (await importModule(url)) as Record<string, unknown>;
  } catch (error) {
    throw new HarnessError(
      'CONFIG',
      `--adapter ${spec}: the module failed to load: ${(error as Error).message}`,
    );
  }
  const exported = module.default;
  const nested = (exported as { default?: unknown } | undefined)?.default;
  const adapter = hasDetach(exported) ? exported : hasDetach(nested) ? nested : undefined;
  if (adapter === undefined) {
    throw new HarnessError(
      'CONFIG',
      `--adapter ${spec}: the default export must be an object with detachKeyPair(call) → Promise<reply> (target-protocol §3)`,
    );
  }
  return adapterClient(adapter, spec, options);
}

/**
 * Wraps an in-process adapter as a {@link ClientUnderTest}: the call goes in without its `id`; a reply that
 * is not a reply, a throw, or a call slower than the timeout makes the case inconclusive, never pass or fail.
 */
export function adapterClient(
  adapter: ClientAdapter,
  description: string,
  options: AdapterOptions = {},
): ClientUnderTest {
  const timeoutMs = options.callTimeoutMs ?? 30_000;
  const log: string[] = [];
  return {
    description,
    async detachKeyPair(call) {
      const { id: _id, ...adapterCall } = call;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<InconclusiveReply>((resolveTimeout) => {
        timer = setTimeout(
          () => resolveTimeout({ inconclusive: `the adapter did not answer within ${timeoutMs} ms` }),
          timeoutMs,
        );
      });
      try {
        const raw = await Promise.race([adapter.detachKeyPair(adapterCall), timeout]);
        if (typeof raw === 'object' && raw !== null && 'inconclusive' in raw) return raw as InconclusiveReply;
        const reply = parseReply(raw);
        if ('invalid' in reply) {
          if (log.length < 100) log.push(`call ${call.id}: not a reply (${reply.invalid})`);
          return { inconclusive: `the adapter's answer is not a reply: ${reply.invalid}` };
        }
        return reply;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (log.length < 100) log.push(`call ${call.id}: the adapter threw: ${message.slice(0, 300)}`);
        return { inconclusive: `the adapter threw: ${message.slice(0, 300)}` };
      } finally {
        clearTimeout(timer);
      }
    },
    log: () => [...log],
    close: async () => {
      await adapter.close?.();
    },
  };
}
