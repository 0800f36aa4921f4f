import type { FactSource, FactSubject } from './documentedFacts.ts';

/** What the official clients expect of one kind of fact, quoted, and what in a target's answer puts them at risk. */
export type SdkExpectation = {
  /** What the clients do with it, short. */
  expects: string;
  /** Where that is written, verbatim. */
  sources: readonly FactSource[];
  /** When a target's answer breaks a client, in words (the drift report's `risk`). */
  riskWhen: string;
};

const known = 'README.md';
const nodeSdk = `${known} § @alicloud/ecs20140526 7.11, default mode (V3)`;
const popCore = `${known} § @alicloud/pop-core 1.8 RPCClient (V1)`;
const decoding = `${known} § Other clients and the live service, from public sources`;

const errorClasses: FactSource = {
  source: nodeSdk,
  quote:
    "Errors are `ClientError` (4xx), `ServerError` (5xx) or `ThrottlingError` (any code containing `Throttling`, whatever the status), with `code`, `statusCode`, `data` (the server's body: `data.Message` is the server's text) and `message` `code: 400, <Message> request id: <RequestId>` (CL-6 passes).",
};
const xmlErrors: FactSource = {
  source: decoding,
  quote:
    'XML errors are parsed only under `content-type: text/xml;charset=utf-8`, anything else goes to `JSON.parse`.',
};

/**
 * What the official clients (`@alicloud/ecs20140526` in both signing modes, `@alicloud/pop-core`, and the
 * decoding notes for the Go, Java and Python SDKs) expect of each kind of documented fact, quoted from
 * README.md ("Known client behaviours", with its public sources), with the condition under which a target's
 * answer puts a client at risk.
 */
export const sdkExpectations: Readonly<Record<FactSubject['kind'], SdkExpectation>> = {
  'error-status': {
    expects:
      'classifies errors by status class: 4xx ClientError, 5xx ServerError; Throttling codes whatever the status',
    sources: [errorClasses],
    riskWhen: 'the status is not an error status, or its class (4xx/5xx) differs from the documented one',
  },
  'error-message': {
    expects: "surfaces the server's Message (e.data.Message) and puts it in the error's message",
    sources: [errorClasses],
    riskWhen: 'the error carries no Message',
  },
  'scalar-form': {
    expects: 'the Node SDK casts numbers and booleans to strings; pop-core and Python keep the JSON types',
    sources: [
      {
        source: nodeSdk,
        quote:
          'Its model cast turns every scalar into a string (`2` → `"2"`, `true` → `"true"`, `200` → `"200"`): equal by value (OK-9, CL-5), but a caller testing `result.success === true` never sees true.',
      },
      {
        source: popCore,
        quote: 'Returns the body as parsed (json-bigint): numbers stay numbers, booleans stay booleans.',
      },
      { source: decoding, quote: 'Python: no coercion, iterates `Result` (a single object crashes it).' },
    ],
    riskWhen: 'a scalar is in none of the documented forms (OK-9 fails)',
  },
  'default-format': {
    expects:
      'always asks for JSON (V3 Accept: application/json, V1 Format=json), never relies on the default',
    sources: [
      {
        source: nodeSdk,
        quote:
          'Asks for JSON (`Accept: application/json`) and is only ever served JSON: its XML decoding is not exercised.',
      },
      xmlErrors,
    ],
    riskWhen: 'a V3 request without Format is answered in XML (the SDK would JSON.parse it)',
  },
  'key-pair-name-echo': {
    expects:
      'no shipped client depends on it; Terraform confirms with DescribeInstances instead of reading results',
    sources: [
      {
        source: decoding,
        quote:
          'It never reads `FailCount`/`Results`: it confirms with DescribeInstances and retries the rest;',
      },
    ],
    riskWhen: 'KeyPairName is present but is not the requested name (OK-10 fails)',
  },
  'content-type': {
    expects: 'parses XML errors only under exactly text/xml;charset=utf-8; JSON.parse for anything else',
    sources: [xmlErrors],
    riskWhen:
      'an XML error is sent under another Content-Type, or a JSON body under exactly text/xml;charset=utf-8',
  },
  'host-id': {
    expects: 'not read by any shipped client: it surfaces Code, Message and RequestId (CL-6)',
    sources: [errorClasses],
    riskWhen: 'never: HostId is informational',
  },
  'request-id': {
    expects: 'any non-empty string; the SDK quotes it in the error message',
    sources: [errorClasses],
    riskWhen: 'RequestId is missing or empty',
  },
  'results-list': {
    expects:
      'Results.Result must be an array: the Node SDK throws on an object and drops an array directly under Results',
    sources: [
      {
        source: decoding,
        quote:
          '`Results.Result` as an object throws `type of result is mismatch, expect array, but object`; an array directly under `Results` is silently dropped.',
      },
    ],
    riskWhen: 'Results.Result is not a JSON array (OK-3 fails)',
  },
  'error-fields': {
    expects: 'Code, Message and RequestId of every error reach the caller (CL-6)',
    sources: [errorClasses],
    riskWhen: 'an error body lacks Code, Message or RequestId',
  },
  'success-markers': {
    expects:
      'pop-core throws on any top-level Code outside 200/"200"/OK/Success/success, whatever the status',
    sources: [
      {
        source: popCore,
        quote:
          'Throws whenever the body has a top-level `Code` outside `200`, `"200"`, `OK`, `Success`, `success`, whatever the HTTP status:',
      },
    ],
    riskWhen:
      'a success body carries a top-level error Code, Success false or an error Message (OK-11 fails)',
  },
};
