import type { WireRequest, WireResponse } from '../../wire/WireMessage.ts';
import { ResponseBoundError } from '../ResponseBoundError.ts';
import type { Send } from './Send.ts';

/** The one function a target is: a wire request in, the response as received out (HTTP errors resolve). */
export type WireSend = (request: WireRequest, options: { signal?: AbortSignal }) => Promise<WireResponse>;

/**
 * The innermost {@link Send}: builds the request once and sends it once. A transport failure (connection
 * refused, reset, aborted) is an inconclusive outcome carrying undici's stable `code`, never a throw; an
 * answer past one of the suite's bounds ({@link ResponseBoundError}) is inconclusive with its message.
 */
export function transportSend(send: WireSend): Send {
  return async (call) => {
    const request = call.build();
    try {
      const response = await send(request, call.signal === undefined ? {} : { signal: call.signal });
      return { kind: 'response', request, response, attempts: 1 };
    } catch (error) {
      const reason =
        error instanceof ResponseBoundError
          ? error.message
          : `transport failure: ${(error as { code?: string }).code ?? (error as Error).message}`;
      return { kind: 'inconclusive', request, reason, attempts: 1 };
    }
  };
}
