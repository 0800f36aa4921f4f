import { apiReferenceUrl } from '../spec/apiReference.ts';
import type { RuleId } from '../spec/rules.ts';

/** Where a documented fact is written. */
export type FactSource = {
  /**
   * Where, and the section: the public API reference (`apiReferenceUrl`) or a file of this repository
   * (`spec/DetachKeyPair.rules.md`, `README.md`), both shipped in the package.
   */
  source: string;
  /** The sentence or table row, verbatim. */
  quote: string;
};

/** What a fact is about, in a form the drift report can compare a target's answers with. */
export type FactSubject =
  /** The HTTP status of an error code (`code` `MissingParameter` also covers `MissingParameter.*`, `Missing<Name>`). */
  | { kind: 'error-status'; code: string; status: number }
  /** The message of an error code; `X` in a template stands for a parameter name. */
  | { kind: 'error-message'; code: string; message: string }
  /** The JSON form of success scalars (OK-9). */
  | { kind: 'scalar-form'; field: 'counts' | 'Success' | 'Code' }
  /** The format of a request that sends no `Format` (TR-3). */
  | { kind: 'default-format'; scheme: 'v1' | 'v3'; format: 'json' | 'xml' }
  /** Whether a success echoes `KeyPairName` (OK-10). */
  | { kind: 'key-pair-name-echo' }
  /** The `Content-Type` of JSON bodies, XML bodies, or XML error bodies (TR-4, TR-5). */
  | { kind: 'content-type'; body: 'json' | 'xml' | 'xml-error' }
  /** `HostId` in error bodies (GEN-4). */
  | { kind: 'host-id' }
  /** The form of `RequestId` (OK-2). */
  | { kind: 'request-id' }
  /** `Results.Result` is a list (OK-3). */
  | { kind: 'results-list' }
  /** The fields of an error body (ERR-2). */
  | { kind: 'error-fields' }
  /** No error markers in a success body (OK-11). */
  | { kind: 'success-markers' };

/** One documented fact: what the reference (and the rules file's catalogue) says, quoted. */
export type DocumentedFact = {
  /** Stable, e.g. `status:InvalidAccessKeyId.NotFound`. */
  id: string;
  /** The rule the fact belongs to. */
  rule: RuleId;
  /** What the fact is about, in words. */
  fact: string;
  subject: FactSubject;
  /** What the reference says, short. */
  says: string;
  /** Where it is written, verbatim; the first is the strongest source. */
  sources: readonly FactSource[];
};

const seed = apiReferenceUrl;
const seedErrors = `${seed} § Error codes`;
const seedResponse = `${seed} § Response parameters`;
const seedSample = `${seed} § Sample success responses (JSON)`;
const catalogue = 'spec/DetachKeyPair.rules.md § Error catalogue';
const rulesFile = (rule: RuleId) => `spec/DetachKeyPair.rules.md § ${rule}`;
const publicSources = 'README.md § Other clients and the live service, from public sources';

/** The error-code rows: the status and the message each, quoted from the reference or the catalogue. */
const errorRows: readonly {
  code: string;
  rule: RuleId;
  status: number;
  message: string;
  statusSays?: string;
  source: FactSource;
}[] = [
  {
    code: 'InvalidKeyPairName.NotFound',
    rule: 'KP-1',
    status: 400,
    statusSays: '400 (the 2018 reference said 404)',
    message: 'The specified KeyPairName does not exist in our records.',
    source: {
      source: seedErrors,
      quote: '400 | InvalidKeyPairName.NotFound | The specified KeyPairName does not exist in our records.',
    },
  },
  {
    code: 'InvalidInstanceIds.ValueNotSupported',
    rule: 'ID-4',
    status: 400,
    message: 'The specified parameter InstanceIds is not valid.',
    source: {
      source: seedErrors,
      quote: '400 | InvalidInstanceIds.ValueNotSupported | The specified parameter InstanceIds is not valid.',
    },
  },
  {
    code: 'DependencyViolation.WindowsInstance',
    rule: 'WIN-1',
    status: 403,
    message: 'The instance creating is windows, cannot use ssh key pair to login',
    source: {
      source: seedErrors,
      quote:
        '403 | DependencyViolation.WindowsInstance | The instance creating is windows, cannot use ssh key pair to login',
    },
  },
  {
    code: 'InstanceKeyPairLimitExceeded',
    rule: 'ID-3',
    status: 403,
    message: 'The specified instances are beyond the permitted range.',
    source: {
      source: catalogue,
      quote:
        '| InstanceKeyPairLimitExceeded | 403 | The specified instances are beyond the permitted range. |',
    },
  },
  {
    code: 'MissingParameter',
    rule: 'RQ-4',
    status: 400,
    message: 'The input parameter "X" that is mandatory for processing this request is not supplied.',
    source: {
      source: catalogue,
      quote:
        '| MissingParameter | 400 | The input parameter "X" that is mandatory for processing this request is not supplied. |',
    },
  },
  {
    code: 'InvalidRegionId.NotFound',
    rule: 'RQ-5',
    status: 404,
    message: 'The specified RegionId does not exist.',
    source: {
      source: catalogue,
      quote: '| InvalidRegionId.NotFound | 404 | The specified RegionId does not exist. |',
    },
  },
  {
    code: 'InvalidInstanceId.NotFound',
    rule: 'ST-5',
    status: 404,
    message: 'The specified InstanceId does not exist.',
    source: {
      source: catalogue,
      quote: '| InvalidInstanceId.NotFound | 404 | The specified InstanceId does not exist. |',
    },
  },
  {
    code: 'SignatureDoesNotMatch',
    rule: 'AU-3',
    status: 400,
    message: 'Specified signature is not matched with our calculation.',
    source: {
      source: catalogue,
      quote: '| SignatureDoesNotMatch | 400 | Specified signature is not matched with our calculation. |',
    },
  },
  {
    code: 'IncompleteSignature',
    rule: 'AU-5',
    status: 400,
    message: 'The request signature does not conform to Alibaba Cloud standards.',
    source: {
      source: catalogue,
      quote:
        '| IncompleteSignature | 400 | The request signature does not conform to Alibaba Cloud standards. |',
    },
  },
  {
    code: 'InvalidAccessKeyId.NotFound',
    rule: 'AU-4',
    status: 400,
    statusSays: '400 (documented; the catalogue notes 404 observed live)',
    message: 'Specified access key is not found.',
    source: {
      source: catalogue,
      quote: '| InvalidAccessKeyId.NotFound | 400 (doc) / 404 (live) | Specified access key is not found. |',
    },
  },
  {
    code: 'InvalidTimeStamp.Expired',
    rule: 'AU-6',
    status: 400,
    message: 'Specified time stamp or date value is expired.',
    source: {
      source: catalogue,
      quote: '| InvalidTimeStamp.Expired | 400 | Specified time stamp or date value is expired. |',
    },
  },
  {
    code: 'SignatureNonceUsed',
    rule: 'AU-7',
    status: 400,
    message: 'Specified signature nonce was used already.',
    source: {
      source: catalogue,
      quote: '| SignatureNonceUsed | 400 | Specified signature nonce was used already. |',
    },
  },
  {
    code: 'InvalidAction.NotFound',
    rule: 'RQ-2',
    status: 404,
    message: 'Specified api is not found, please check your url and method.',
    source: {
      source: catalogue,
      quote:
        '| InvalidAction.NotFound | 404 | Specified api is not found, please check your url and method. |',
    },
  },
  {
    code: 'Throttling',
    rule: 'CL-8',
    status: 400,
    message: 'Request was denied due to user flow control.',
    source: {
      source: catalogue,
      quote: '| Throttling / Throttling.User | 400 | Request was denied due to user flow control. |',
    },
  },
  {
    code: 'ServiceUnavailable',
    rule: 'CL-8',
    status: 503,
    message: 'The request has failed due to a temporary failure of the server.',
    source: {
      source: catalogue,
      quote:
        '| ServiceUnavailable | 503 | The request has failed due to a temporary failure of the server. |',
    },
  },
  {
    code: 'InternalError',
    rule: 'ERR-4',
    status: 500,
    message: 'The request processing has failed due to some unknown error, exception or failure.',
    source: {
      source: catalogue,
      quote:
        '| InternalError | 500 | The request processing has failed due to some unknown error, exception or failure. |',
    },
  },
];

/**
 * Every documented fact the drift report holds a target against, each with what the reference says and
 * where, verbatim: the status and message of every error code of the reference's table and the rules
 * file's catalogue, the success scalars' types (OK-9), the default format (TR-3), the `KeyPairName` echo
 * (OK-10), content types (TR-4, TR-5), `HostId` (GEN-4), the `RequestId` form (OK-2), `Results` as a list
 * (OK-3), error body fields (ERR-2) and success bodies free of error markers (OK-11). Where the reference
 * contradicts itself (OK-9, OK-10) both sentences are quoted.
 */
export const documentedFacts: readonly DocumentedFact[] = [
  ...errorRows.flatMap((row): DocumentedFact[] => [
    {
      id: `status:${row.code}`,
      rule: row.rule,
      fact: `HTTP status of ${row.code === 'Throttling' ? 'Throttling / Throttling.User' : row.code}`,
      subject: { kind: 'error-status', code: row.code, status: row.status },
      says: row.statusSays ?? String(row.status),
      sources: [row.source],
    },
    {
      id: `message:${row.code}`,
      rule: row.rule,
      fact: `Message of ${row.code === 'Throttling' ? 'Throttling / Throttling.User' : row.code}`,
      subject: { kind: 'error-message', code: row.code, message: row.message },
      says: row.message,
      sources: [row.source],
    },
  ]),
  {
    id: 'scalar:counts',
    rule: 'OK-9',
    fact: 'JSON type of TotalCount / FailCount',
    subject: { kind: 'scalar-form', field: 'counts' },
    says: 'String in the parameter table; a number in the JSON sample',
    sources: [
      { source: seedResponse, quote: 'TotalCount | String | 2 |' },
      { source: seedSample, quote: '"TotalCount": 2,' },
    ],
  },
  {
    id: 'scalar:Success',
    rule: 'OK-9',
    fact: 'JSON type of Results.Result[].Success',
    subject: { kind: 'scalar-form', field: 'Success' },
    says: 'String in the parameter table; a boolean in the JSON sample',
    sources: [
      { source: seedResponse, quote: 'Success | String | true |' },
      { source: seedSample, quote: '"Success": true,' },
    ],
  },
  {
    id: 'scalar:Code',
    rule: 'OK-9',
    fact: 'JSON type of Results.Result[].Code',
    subject: { kind: 'scalar-form', field: 'Code' },
    says: 'String in the parameter table and in the JSON sample (a number in the 2024 page)',
    sources: [
      { source: seedResponse, quote: 'Code | String | 200 |' },
      { source: seedSample, quote: '"Code": "200"' },
      {
        source: publicSources,
        quote: 'JSON samples show `2`, `0`, `true`, and in the 2024 page even `Code: 200`',
      },
    ],
  },
  {
    id: 'default-format:v1',
    rule: 'TR-3',
    fact: 'Format of a V1 request without Format',
    subject: { kind: 'default-format', scheme: 'v1', format: 'xml' },
    says: 'XML (the documented default)',
    sources: [
      {
        source: rulesFile('TR-3'),
        quote: 'V1-signed request without `Format` → XML (documented default).',
      },
    ],
  },
  {
    id: 'default-format:v3',
    rule: 'TR-3',
    fact: 'Format of a V3 request without Format',
    subject: { kind: 'default-format', scheme: 'v3', format: 'json' },
    says: 'JSON',
    sources: [
      {
        source: rulesFile('TR-3'),
        quote: 'V3-signed request (no `Format`, `Accept: application/json`) → JSON.',
      },
    ],
  },
  {
    id: 'key-pair-name-echo',
    rule: 'OK-10',
    fact: 'KeyPairName in a success body',
    subject: { kind: 'key-pair-name-echo' },
    says: 'listed in the response table, absent from the samples; when present, the requested name',
    sources: [
      { source: seedResponse, quote: 'KeyPairName | String | testKeyPairName |' },
      {
        source: rulesFile('OK-10'),
        quote:
          '`KeyPairName` is present or absent (listed in the response table, absent from the samples) — REPORT which; when present it MUST equal the requested name.',
      },
    ],
  },
  {
    id: 'content-type:json',
    rule: 'TR-4',
    fact: 'Content-Type of JSON bodies',
    subject: { kind: 'content-type', body: 'json' },
    says: 'application/json (charset optional)',
    sources: [
      {
        source: rulesFile('TR-4'),
        quote:
          'JSON bodies carry `Content-Type: application/json` (charset optional); XML bodies `text/xml` or `application/xml`.',
      },
    ],
  },
  {
    id: 'content-type:xml',
    rule: 'TR-4',
    fact: 'Content-Type of XML bodies',
    subject: { kind: 'content-type', body: 'xml' },
    says: 'text/xml or application/xml',
    sources: [
      {
        source: rulesFile('TR-4'),
        quote:
          'JSON bodies carry `Content-Type: application/json` (charset optional); XML bodies `text/xml` or `application/xml`.',
      },
    ],
  },
  {
    id: 'content-type:xml-error',
    rule: 'TR-5',
    fact: 'Content-Type of XML error bodies',
    subject: { kind: 'content-type', body: 'xml-error' },
    says: 'exactly text/xml;charset=utf-8',
    sources: [
      {
        source: rulesFile('TR-5'),
        quote:
          'XML error bodies use exactly `text/xml;charset=utf-8`: the official Node SDK parses XML errors only under that exact value.',
      },
    ],
  },
  {
    id: 'host-id',
    rule: 'GEN-4',
    fact: 'HostId in error bodies',
    subject: { kind: 'host-id' },
    says: 'the Host header as received',
    sources: [
      {
        source: rulesFile('GEN-4'),
        quote: '`HostId` in error bodies is the `Host` header value as received.',
      },
      {
        source: publicSources,
        quote:
          '`HostId` is the host called (`ecs.aliyuncs.com`, `ecs.ap-northeast-1.aliyuncs.com`); `Recommend` is a troubleshooting URL.',
      },
    ],
  },
  {
    id: 'request-id',
    rule: 'OK-2',
    fact: 'Form of RequestId',
    subject: { kind: 'request-id' },
    says: 'a non-empty string; an upper-case hex UUID',
    sources: [
      { source: seedResponse, quote: 'RequestId | String | 473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E |' },
      {
        source: rulesFile('OK-2'),
        quote:
          '`RequestId` is a non-empty string. SHOULD be a UUID in upper-case hex (`473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E`), unique per response.',
      },
    ],
  },
  {
    id: 'results-list',
    rule: 'OK-3',
    fact: 'Results.Result in a success body',
    subject: { kind: 'results-list' },
    says: 'a list (a JSON array under Results.Result, even with one element)',
    sources: [
      { source: seedResponse, quote: 'Results | Array of Result |' },
      { source: seedSample, quote: '"Results": {\n"Result": [' },
    ],
  },
  {
    id: 'error-fields',
    rule: 'ERR-2',
    fact: 'Fields of an error body',
    subject: { kind: 'error-fields' },
    says: 'RequestId, Code, Message; HostId SHOULD be present; Recommend MAY be',
    sources: [
      {
        source: rulesFile('ERR-2'),
        quote:
          'Body has `RequestId`, `Code`, `Message` (JSON object, or XML root `<Error>`). `HostId` SHOULD be present; `Recommend` MAY be.',
      },
    ],
  },
  {
    id: 'success-markers',
    rule: 'OK-11',
    fact: 'Error markers in a success body',
    subject: { kind: 'success-markers' },
    says: 'none: no top-level Code other than 200/OK/Success, no top-level Success false, no error Message',
    sources: [
      {
        source: rulesFile('OK-11'),
        quote:
          'No top-level `Code` (other than `200`/`"200"`/`OK`/`Success`/`success`), top-level `Success` false, or error `Message` in a success body',
      },
    ],
  },
];
