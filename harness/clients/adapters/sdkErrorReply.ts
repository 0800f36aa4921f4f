import { definedOnly } from '../../util/definedOnly.ts';
import { type ClientReply, transportErrorCode } from '../ClientUnderTest.ts';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Node and undici socket errors: a transport failure, never a server answer (target-protocol §3). */
const transportCodes = /^(?:E[A-Z]+|UND_ERR_.*)$/;

/**
 * Maps an error an SDK threw to a reply, the way target-protocol §3 reads SDK errors: `Code` is the SDK's
 * `code` (the server's), `Message` the server's own text where the SDK keeps it (`e.data.Message`), else
 * the SDK's message; `RequestId` from `e.data.RequestId` or `e.requestId`; `status` from `statusOf(e)`.
 * An error with neither a status nor server data is a transport failure when its code is a socket error
 * code (`ClientTransportError`), else the SDK's own failure (its code or name), reported as such.
 */
export function sdkErrorReply(
  error: unknown,
  statusOf: (error: Record<string, unknown>) => unknown,
): ClientReply {
  const e: Record<string, unknown> =
    isRecord(error) || error instanceof Error ? (error as unknown as Record<string, unknown>) : {};
  const message = error instanceof Error ? error.message : String(error);
  const data = isRecord(e.data) ? e.data : undefined;
  const status = statusOf(e);
  const code = e.code === undefined || e.code === null ? undefined : String(e.code);
  if (typeof status === 'number' || data !== undefined) {
    const requestId = text(data?.RequestId) ?? text(e.requestId);
    return {
      ok: false,
      error: {
        Code: code ?? text(data?.Code) ?? 'UnknownError',
        Message: text(data?.Message) ?? message,
        ...definedOnly({ RequestId: requestId }),
        status: typeof status === 'number' ? status : null,
      },
    };
  }
  if (code !== undefined && transportCodes.test(code)) {
    return { ok: false, error: { Code: transportErrorCode, Message: message, status: null } };
  }
  return {
    ok: false,
    error: { Code: code ?? (error instanceof Error ? error.name : 'Error'), Message: message, status: null },
  };
}

/** Copies the named fields that are present (not `undefined` or `null`), renaming them. */
export function present(
  source: Record<string, unknown>,
  names: Record<string, string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [from, to] of Object.entries(names)) {
    const value = source[from];
    if (value !== undefined && value !== null) out[to] = value;
  }
  return out;
}
