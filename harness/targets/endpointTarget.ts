import { Agent } from 'undici';
import { definedOnly } from '../util/definedOnly.ts';
import { HarnessError } from '../util/HarnessError.ts';
import type { WireRequest } from '../wire/WireMessage.ts';
import { sendWire } from './sendWire.ts';
import type { Target } from './Target.ts';

/**
 * A target without world control, for live endpoints (target-protocol §2): unlike `connectTarget` it
 * never contacts a world URL, so the endpoint receives only the requests the suite means to send.
 * `loadWorld` and `readWorld` throw `WORLD_REFUSED`. Every answer is bounded in size (`maxResponseBytes`,
 * default 1 MiB) and time (`timeoutMs`, default 30 s), as `sendWire` says.
 */
export function endpointTarget(
  origin: string,
  options: { timeoutMs?: number; connections?: number; maxResponseBytes?: number } = {},
): Target {
  const clean = origin.replace(/\/$/, '');
  const dispatcher = new Agent({ connections: options.connections ?? 2, keepAliveTimeout: 10_000 });
  const timeoutMs = options.timeoutMs ?? 30_000;
  const noWorld = async (): Promise<never> => {
    throw new HarnessError('WORLD_REFUSED', `${clean} has no world control (a live endpoint)`);
  };
  return {
    origin: clean,
    worldUrl: null,
    host: new URL(clean).host,
    send: (request: WireRequest, sendOptions: { signal?: AbortSignal } = {}) =>
      sendWire(clean, request, {
        dispatcher,
        timeoutMs,
        ...definedOnly({ maxResponseBytes: options.maxResponseBytes }),
        ...sendOptions,
      }),
    loadWorld: noWorld,
    readWorld: noWorld,
    close: () => dispatcher.close(),
  };
}
