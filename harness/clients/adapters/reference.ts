import { sendWire } from '../../targets/sendWire.ts';
import { type DecodedResponse, decodeResponse } from '../../wire/decodeResponse.ts';
import { type ApiCall, encodeRequest, type Transport } from '../../wire/encodeRequest.ts';
import type { Scalar } from '../../wire/Scalar.ts';
import type { WireRequest } from '../../wire/WireMessage.ts';
import {
  type AdapterCall,
  type ClientAdapter,
  type ClientOutput,
  type ClientReply,
  transportErrorCode,
} from '../ClientUnderTest.ts';

/**
 * How the reference client speaks, and the hooks the deliberately faulty clients (`harness/clients/faulty`)
 * use to break exactly one CL rule each.
 */
export type ReferenceOptions = {
  scheme: 'v1' | 'v3';
  transport: Transport;
  /** The `Format` parameter sent, if any: V3 asks for JSON through `Accept` and sends none. */
  format?: 'JSON' | 'XML';
  /** Edits the request model before it is encoded and signed (CL-1..CL-4 faults). */
  editCall?: (api: ApiCall, call: AdapterCall) => ApiCall;
  /** Edits the encoded request before it is sent (signing faults). */
  editWire?: (wire: WireRequest, call: AdapterCall) => WireRequest;
  /** Edits the reply after decoding (CL-5..CL-8 faults). */
  editReply?: (reply: ClientReply, decoded: DecodedResponse) => ClientReply;
};

function raw(scalar: Scalar | undefined): unknown {
  return scalar?.raw;
}

function pick(fields: Record<string, Scalar>, names: readonly string[]): ClientOutput {
  const out: ClientOutput = {};
  for (const name of names) if (fields[name] !== undefined) out[name] = raw(fields[name]);
  return out;
}

/**
 * Maps a decoded response to a reply (target-protocol §3): a 2xx body that parsed is `ok` with the documented
 * fields in their received forms; anything else is an error with the server's `Code`, `Message`,
 * `RequestId` and status, `retryable` for throttling and 503 (CL-8).
 */
export function replyFromDecoded(decoded: DecodedResponse): ClientReply {
  if (decoded.status >= 200 && decoded.status < 300 && decoded.parseError === undefined) {
    return {
      ok: true,
      output: {
        ...pick(decoded.fields, ['RequestId', 'KeyPairName', 'TotalCount', 'FailCount']),
        Results: decoded.results.entries.map((entry) =>
          pick(entry, ['InstanceId', 'Success', 'Code', 'Message']),
        ),
      },
    };
  }
  const code = decoded.fields.Code?.value ?? `HTTP${decoded.status}`;
  return {
    ok: false,
    error: {
      Code: code,
      Message: decoded.fields.Message?.value ?? decoded.parseError ?? '',
      ...(decoded.fields.RequestId === undefined ? {} : { RequestId: decoded.fields.RequestId.value }),
      status: decoded.status,
      retryable: code.includes('Throttling') || code === 'ServiceUnavailable' || decoded.status === 503,
    },
  };
}

/**
 * The suite's own correct client, built on the wire layer (`encodeRequest`, `sendWire`, `decodeResponse`):
 * the proof that a conforming client passes CL-1..CL-8 with zero failures, and the base of every faulty one.
 */
export function referenceAdapter(options: ReferenceOptions): ClientAdapter {
  return {
    async detachKeyPair(call) {
      if (call.op !== 'DetachKeyPair') return { skipped: `op ${call.op} is not DetachKeyPair` };
      const endpoint = new URL(call.endpoint);
      let api: ApiCall = {
        params: [
          ['RegionId', call.input.RegionId],
          ['KeyPairName', call.input.KeyPairName],
          ['InstanceIds', JSON.stringify(call.input.InstanceIds)],
          ...(options.format === undefined ? [] : [['Format', options.format] as [string, string]]),
        ],
        transport: options.transport,
        signing: { scheme: options.scheme, ...call.credentials },
        host: endpoint.host,
      };
      if (options.editCall !== undefined) api = options.editCall(api, call);
      let wire = encodeRequest(api);
      if (options.editWire !== undefined) wire = options.editWire(wire, call);
      let decoded: DecodedResponse;
      try {
        decoded = decodeResponse(await sendWire(endpoint.origin, wire, { timeoutMs: 20_000 }));
      } catch (error) {
        return {
          ok: false,
          error: { Code: transportErrorCode, Message: (error as Error).message, status: null },
        };
      }
      const reply = replyFromDecoded(decoded);
      return options.editReply === undefined ? reply : options.editReply(reply, decoded);
    },
  };
}

/** The reference client as an `--adapter` module: V3, everything in a POST query, JSON (like the official SDK). */
export default referenceAdapter({ scheme: 'v3', transport: 'post-query' });
