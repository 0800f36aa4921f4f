/**
 * The shapes a client under test speaks (target-protocol §3), the same for an in-process adapter and a
 * testee process: the suite sends a {@link ClientCall}, the client answers a {@link ClientReply}. Every
 * CL rule (CL-1..CL-8) is judged on a call, the requests it caused and the reply.
 */

/** The business parameters of one DetachKeyPair call; `InstanceIds` is the caller's list (CL-2). */
export type ClientInput = {
  RegionId: string;
  KeyPairName: string;
  InstanceIds: string[];
};

/** Credentials the client is configured with; its requests must verify with them (CL-4). */
export type ClientCredentials = { accessKeyId: string; accessKeySecret: string };

/**
 * One call, suite → client (target-protocol §3). `endpoint` is always a loopback `scheme://host:port`;
 * `regionId` is the region the client is configured with and always equals `input.RegionId` (CL-3).
 */
export type ClientCall = {
  id: string;
  op: string;
  endpoint: string;
  credentials: ClientCredentials;
  regionId: string;
  input: ClientInput;
};

/** What an in-process adapter receives: a {@link ClientCall} without its `id` (target-protocol §3). */
export type AdapterCall = Omit<ClientCall, 'id'>;

/**
 * The error a client surfaced (CL-6, CL-8): the server's `Code` exactly, a message containing the
 * server's text, the `RequestId`, the HTTP status or `null`, and optionally whether it is retryable.
 * A transport failure is `Code` `ClientTransportError` with `status: null`.
 */
export type ClientError = {
  Code: string;
  Message: string;
  RequestId?: string;
  status: number | null;
  retryable?: boolean;
};

/**
 * What the client decoded from a success body, in the client's own types (CL-5, OK-9): the suite
 * compares by value. `Results` is the decoded `Results.Result` list, in any order.
 */
export type ClientOutput = Record<string, unknown>;

/** A reply, client → suite (target-protocol §3). Extra fields are allowed and ignored. */
export type ClientReply =
  | { ok: true; output: ClientOutput }
  | { ok: false; error: ClientError }
  | { skipped: string };

/**
 * A call the suite could not judge: it timed out, the testee died, the adapter threw, or the reply was
 * not a reply. Such a case is inconclusive, never pass or fail (target-protocol §3, §4).
 */
export type InconclusiveReply = { inconclusive: string };

/** The `Code` a client reports for a transport failure (target-protocol §3). */
export const transportErrorCode = 'ClientTransportError';

/**
 * A client the suite drives, however it is plugged in (adapter module or testee process): one call at a
 * time, each resolving to the client's reply or to an inconclusive marker; `close` releases it.
 */
export type ClientUnderTest = {
  /** How the report names the client (`--adapter` module or `--testee` command). */
  readonly description: string;
  detachKeyPair(call: ClientCall): Promise<ClientReply | InconclusiveReply>;
  /** Lines the client wrote that were not replies (testee stdout noise, stderr), bounded; kept for the report. */
  log(): string[];
  close(): Promise<void>;
};

/**
 * The default export of an `--adapter` module (target-protocol §3): `detachKeyPair(call)` resolving to a
 * reply without `id`; an optional `close()` is called once at the end of the run.
 */
export type ClientAdapter = {
  detachKeyPair(call: AdapterCall): Promise<ClientReply>;
  close?(): Promise<void>;
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a value as a {@link ClientReply}, or says why it is not one: `ok: true` needs an `output` object;
 * `ok: false` needs an `error` with a string `Code`, a string `Message`, a number-or-null `status`, and,
 * when present, a string `RequestId` and a boolean `retryable`; `skipped` needs a string. Extra fields are
 * allowed and dropped.
 */
export function parseReply(value: unknown): ClientReply | { invalid: string } {
  if (!isRecord(value)) return { invalid: 'the reply is not a JSON object' };
  if (typeof value.skipped === 'string') return { skipped: value.skipped };
  if (value.ok === true) {
    if (!isRecord(value.output)) return { invalid: 'ok: true without an "output" object' };
    return { ok: true, output: value.output };
  }
  if (value.ok === false) {
    const error = value.error;
    if (!isRecord(error)) return { invalid: 'ok: false without an "error" object' };
    if (typeof error.Code !== 'string') return { invalid: 'error.Code is not a string' };
    if (typeof error.Message !== 'string') return { invalid: 'error.Message is not a string' };
    const status = error.status;
    if (status !== null && (typeof status !== 'number' || !Number.isInteger(status)))
      return { invalid: 'error.status is neither an integer nor null' };
    if (error.RequestId !== undefined && error.RequestId !== null && typeof error.RequestId !== 'string')
      return { invalid: 'error.RequestId is not a string' };
    if (error.retryable !== undefined && typeof error.retryable !== 'boolean')
      return { invalid: 'error.retryable is not a boolean' };
    return {
      ok: false,
      error: {
        Code: error.Code,
        Message: error.Message,
        status,
        ...(typeof error.RequestId === 'string' ? { RequestId: error.RequestId } : {}),
        ...(typeof error.retryable === 'boolean' ? { retryable: error.retryable } : {}),
      },
    };
  }
  return { invalid: 'the reply has neither "ok": true/false nor "skipped"' };
}
