import { MatchersV3, XmlBuilder } from '@pact-foundation/pact';
import { errorCatalogue, missingParameterMessage } from '../harness/spec/errorCatalogue.ts';
import type { RuleId } from '../harness/spec/rules.ts';
import type { World } from '../harness/spec/World.ts';
import { definedOnly } from '../harness/util/definedOnly.ts';
import type { Breakage } from '../harness/wire/Probe.ts';
import {
  exactListOf,
  jsonContentType,
  oneOf,
  requestIdMatcher,
  sampleRequestId,
  scalarForms,
  xmlContentType,
  xmlListOf,
} from './pactMatchers.ts';

/**
 * The contract catalogue: every Pact interaction of the suite, with its provider state, the world that
 * state stands for, the rule IDs it exercises and the response it promises. One source of truth: the consumer
 * tests (contracts/consumer) build their pacts from it, and the provider side (contracts/provider, and the
 * contracts phase of `verify`) replays those pacts and judges each replayed exchange with the checks.
 */

export { providerName } from './pactFiles.ts';

/** A World as a pact carries it: without `accessKeys` (target-protocol §1); the provider side adds the run's. */
export type ContractWorld = Omit<World, 'accessKeys'>;

/** The consumers: one real client each, one pact file each. */
export type ConsumerName =
  | 'dkp-conformance-client'
  | 'dkp-conformance-client-form'
  | 'alicloud-ecs20140526-v3'
  | 'alicloud-ecs20140526-v1';

/** A consumer: which client it is, and how its pact file is written. */
export type ContractConsumer = {
  name: ConsumerName;
  /** The client and how it puts the request on the wire. */
  client: string;
  /** The Pact specification of its file (V4 where Pact JS 16 supports the request; see contracts/README.md). */
  spec: 'V3' | 'V4';
};

/** Every consumer, by name. */
export const consumers: Readonly<Record<ConsumerName, ContractConsumer>> = {
  'dkp-conformance-client': {
    name: 'dkp-conformance-client',
    client: 'the suite’s own client (encodeProbe, undici, decodeResponse): V1, everything in a GET query',
    spec: 'V4',
  },
  'dkp-conformance-client-form': {
    name: 'dkp-conformance-client-form',
    client:
      'the suite’s own client in Terraform’s shape: V1, signing parameters in the query, business parameters in a form body',
    spec: 'V3',
  },
  'alicloud-ecs20140526-v3': {
    name: 'alicloud-ecs20140526-v3',
    client: '@alicloud/ecs20140526 (default): V3, business parameters in a POST query, empty body',
    spec: 'V4',
  },
  'alicloud-ecs20140526-v1': {
    name: 'alicloud-ecs20140526-v1',
    client:
      "@alicloud/ecs20140526 with signatureAlgorithm 'v2': V1, everything in a POST query, Format=json, unsigned x-acs-* headers",
    spec: 'V4',
  },
};

/** What the client is asked to do: the caller's input, as target-protocol §3 gives it. */
type ContractInput = {
  regionId: string;
  /** `null`: the caller leaves it out (RQ-4). */
  keyPairName: string | null;
  /** The caller's list, sent as a JSON array; or a raw value the caller passes as is (ID-4). */
  instanceIds: readonly string[] | { raw: string };
  /** The format the client asks for (the official SDK always asks for JSON). */
  format: 'JSON' | 'XML';
};

/** The values a client must decode from the mock server's example response (compared by value, OK-9). */
export type ExpectedOutcome =
  | {
      kind: 'success';
      RequestId: string;
      TotalCount: string;
      FailCount: string;
      Results: { InstanceId: string; Success: string; Code: string; Message: string }[];
    }
  | { kind: 'error'; status: number; RequestId: string; Code: string; Message: string };

/** The response an interaction promises: Pact templates (with matchers) and the example's decoded values. */
export type ContractResponse = {
  /** The example status (what the mock server answers). */
  status: number;
  /** Every status the rules accept, when more than one (a V4 status matcher; V3 pacts keep `status`). */
  statuses?: readonly number[];
  headers: Record<string, unknown>;
  /** A JSON body template, or an XML body built with XmlBuilder (a string). */
  body: { json: Record<string, unknown> } | { xml: string };
  expected: ExpectedOutcome;
};

/** One interaction of the catalogue. */
export type ContractInteraction = {
  /** The Pact description: unique; results, reports and ledger sources (`contract:<description>`) name it. */
  description: string;
  /** The provider state name. */
  state: string;
  /**
   * The rules this interaction exercises: CL-* on the consumer side (the consumer tests judge them); the
   * rest when a provider is verified, where the checks judge the replayed exchange (every rule they apply
   * to, these included: contracts/interactionsAgreeWithOracle.test.ts holds them to it).
   */
  rules: readonly RuleId[];
  world: ContractWorld;
  input: ContractInput;
  /** A deliberate authentication breakage the provider side re-applies after re-signing (AU-3). */
  auth?: Breakage;
  /** Set when no world can produce the response: the provider side skips the interaction with this reason. */
  consumerOnly?: string;
  /** The consumers that exercise it. */
  consumers: readonly ConsumerName[];
  response: ContractResponse;
};

const region = 'cn-hangzhou';
const keyPair = 'contract-kp';

/** The instances the contract worlds name. */
export const contractIds = {
  linux1: 'i-contract-linux-1',
  linux2: 'i-contract-linux-2',
  windows: 'i-contract-windows',
  fifty: Array.from({ length: 50 }, (_, i) => `i-contract-fifty-${String(i + 1).padStart(2, '0')}`),
  fiftyOne: Array.from({ length: 51 }, (_, i) => `i-contract-fifty-${String(i + 1).padStart(2, '0')}`),
} as const;

/** Two Linux instances bound to the key pair and an unbound Windows instance, in one region. */
const pairWorld: ContractWorld = {
  regions: [region],
  keyPairs: [{ regionId: region, keyPairName: keyPair }],
  instances: [
    { regionId: region, instanceId: contractIds.linux1, osType: 'linux', keyPairName: keyPair },
    { regionId: region, instanceId: contractIds.linux2, osType: 'linux', keyPairName: keyPair },
    { regionId: region, instanceId: contractIds.windows, osType: 'windows', keyPairName: null },
  ],
};

/** Fifty Linux instances bound to the key pair. */
const fiftyWorld: ContractWorld = {
  regions: [region],
  keyPairs: [{ regionId: region, keyPairName: keyPair }],
  instances: contractIds.fifty.map((instanceId) => ({
    regionId: region,
    instanceId,
    osType: 'linux' as const,
    keyPairName: keyPair,
  })),
};

const pairState = `two Linux instances bound to key pair ${keyPair} and an unbound Windows instance in ${region}`;
const fiftyState = `fifty Linux instances bound to key pair ${keyPair} in ${region}`;

const allConsumers: readonly ConsumerName[] = [
  'dkp-conformance-client',
  'alicloud-ecs20140526-v3',
  'alicloud-ecs20140526-v1',
];

/** How the example scalars are written (OK-9): the samples' JSON types, or the table's strings. */
type ScalarStyle = { counts: 'number' | 'string'; success: 'boolean' | 'string'; code: 'number' | 'string' };

const sampleStyle: ScalarStyle = { counts: 'number', success: 'boolean', code: 'string' };
const tableStyle: ScalarStyle = { counts: 'string', success: 'string', code: 'string' };
const style2024: ScalarStyle = { counts: 'number', success: 'boolean', code: 'number' };

/**
 * A success body for detaching `ids` (all bound): status 200, counts, one `Result` per ID with `Success`
 * true and `Code` 200 (OK-1..OK-9). `explicit` writes one template per entry, each accepting any requested
 * ID (order is free, OK-7; the list length is fixed); `list` writes one list matcher with min = max = n
 * whose entries are matched by type against the first. Either way the example holds each requested ID
 * once, as a conforming provider answers (contracts/interactionsAgreeWithOracle.test.ts).
 * `KeyPairName` is left out: present or absent is REPORT (OK-10), and Pact ignores extra fields (OK-12).
 * `idPattern` (default: exactly the requested IDs) keeps long lists short: the FFI repeats an array
 * element's matchers once per example element.
 */
function successJson(
  ids: readonly string[],
  style: ScalarStyle,
  layout: 'explicit' | 'list',
  idPattern: string = oneOf(ids),
) {
  const n = ids.length;
  const entry = (id: string) => ({
    InstanceId: MatchersV3.regex(idPattern, id),
    Success: scalarForms('^true$', style.success === 'boolean' ? true : 'true'),
    Code: scalarForms('^200$', style.code === 'number' ? 200 : '200'),
    Message: MatchersV3.string('successful'),
  });
  const response: ContractResponse = {
    status: 200,
    headers: { 'Content-Type': jsonContentType() },
    body: {
      json: {
        RequestId: requestIdMatcher(),
        TotalCount: scalarForms(`^${n}$`, style.counts === 'number' ? n : String(n)),
        FailCount: scalarForms('^0$', style.counts === 'number' ? 0 : '0'),
        Results: { Result: layout === 'explicit' ? ids.map(entry) : exactListOf(ids.map(entry)) },
      },
    },
    expected: successExpected(ids),
  };
  return response;
}

function successExpected(ids: readonly string[]): ExpectedOutcome {
  return {
    kind: 'success',
    RequestId: sampleRequestId,
    TotalCount: String(ids.length),
    FailCount: '0',
    Results: ids.map((InstanceId) => ({
      InstanceId,
      Success: 'true',
      Code: '200',
      Message: 'successful',
    })),
  };
}

/** The XML form of {@link successJson}: root `DetachKeyPairResponse`, one `<Result>` per entry (OK-1, OK-3). */
function successXml(ids: readonly string[]): ContractResponse {
  const n = ids.length;
  const xml = new XmlBuilder('1.0', 'UTF-8', 'DetachKeyPairResponse').build((root) => {
    root.appendElement('RequestId', new Map(), requestIdMatcher());
    root.appendElement('TotalCount', new Map(), MatchersV3.regex(`^${n}$`, String(n)));
    root.appendElement('FailCount', new Map(), MatchersV3.regex('^0$', '0'));
    xmlListOf(root, 'Results', 'Result', n, (result, k) => {
      result.appendElement('InstanceId', new Map(), MatchersV3.regex(oneOf(ids), ids[k] as string));
      result.appendElement('Success', new Map(), MatchersV3.regex('^true$', 'true'));
      result.appendElement('Code', new Map(), MatchersV3.regex('^200$', '200'));
      result.appendElement('Message', new Map(), MatchersV3.string('successful'));
    });
  });
  return {
    status: 200,
    headers: { 'Content-Type': xmlContentType() },
    body: { xml },
    expected: successExpected(ids),
  };
}

/**
 * An error body (ERR-1, ERR-2): the status, `RequestId`, a `Code` among `codes` (the first is the example)
 * and a string `Message` (its exact text is at most a SHOULD). `HostId` (SHOULD) and `Recommend` (MAY) are
 * not required.
 */
function errorJson(
  status: number,
  codes: readonly string[],
  message: string,
  statuses?: readonly number[],
): ContractResponse {
  const code = codes[0] as string;
  return {
    status,
    ...definedOnly({ statuses }),
    headers: { 'Content-Type': jsonContentType() },
    body: {
      json: {
        RequestId: requestIdMatcher(),
        Code: MatchersV3.regex(oneOf(codes), code),
        Message: MatchersV3.string(message),
      },
    },
    expected: { kind: 'error', status, RequestId: sampleRequestId, Code: code, Message: message },
  };
}

/** `MissingParameter*` for `name` (RQ-4): `MissingParameter`, `MissingParameter.<Name>` or `Missing<Name>`. */
function missingParameterCodes(name: string): string[] {
  return ['MissingParameter', `MissingParameter.${name}`, `Missing${name}`];
}

const pair = [contractIds.linux1, contractIds.linux2];

/** What every success interaction judges: the 200 response's shape and values (OK-*), TR-4, and ST-0's results. */
const successRules: readonly RuleId[] = [
  'OK-1',
  'OK-2',
  'OK-3',
  'OK-4',
  'OK-5',
  'OK-6',
  'OK-7',
  'OK-8',
  'OK-9',
  'TR-4',
  'ST-0',
];

/** What every error interaction judges besides its own rule: an error status and body (ERR-1, ERR-2), TR-4. */
const errorRules: readonly RuleId[] = ['ERR-1', 'ERR-2', 'TR-4'];

/** Every interaction of the catalogue, in the order the consumer tests run them. */
export const interactions: readonly ContractInteraction[] = [
  {
    description: 'a detach of two bound Linux instances',
    state: pairState,
    rules: [...successRules, 'ID-1', 'CL-1', 'CL-2', 'CL-3', 'CL-5'],
    world: pairWorld,
    input: { regionId: region, keyPairName: keyPair, instanceIds: pair, format: 'JSON' },
    consumers: [...allConsumers, 'dkp-conformance-client-form'],
    response: successJson(pair, sampleStyle, 'explicit'),
  },
  {
    description: 'a detach of two bound Linux instances, answered in XML',
    state: pairState,
    // XML carries every scalar as text: OK-9's two forms do not arise.
    rules: [...successRules.filter((r) => r !== 'OK-9'), 'CL-5'],
    world: pairWorld,
    input: { regionId: region, keyPairName: keyPair, instanceIds: pair, format: 'XML' },
    consumers: ['dkp-conformance-client'],
    response: successXml(pair),
  },
  {
    description: 'a detach of one bound Linux instance',
    state: pairState,
    rules: [...successRules, 'CL-5'],
    world: pairWorld,
    input: { regionId: region, keyPairName: keyPair, instanceIds: [contractIds.linux1], format: 'JSON' },
    consumers: allConsumers,
    response: successJson([contractIds.linux1], tableStyle, 'explicit'),
  },
  {
    description: 'a detach of exactly 50 bound Linux instances',
    state: fiftyState,
    rules: ['ID-2', ...successRules, 'CL-5'],
    world: fiftyWorld,
    input: { regionId: region, keyPairName: keyPair, instanceIds: contractIds.fifty, format: 'JSON' },
    consumers: [...allConsumers, 'dkp-conformance-client-form'],
    response: successJson(contractIds.fifty, style2024, 'list', '^i-contract-fifty-(0[1-9]|[1-4][0-9]|50)$'),
  },
  {
    description: 'a detach naming a key pair that does not exist',
    state: pairState,
    rules: ['KP-1', ...errorRules, 'CL-6'],
    world: pairWorld,
    input: { regionId: region, keyPairName: 'contract-kp-missing', instanceIds: pair, format: 'JSON' },
    consumers: [...allConsumers, 'dkp-conformance-client-form'],
    response: errorJson(
      400,
      ['InvalidKeyPairName.NotFound'],
      errorCatalogue['InvalidKeyPairName.NotFound'].message,
    ),
  },
  {
    description: 'a detach naming a Windows instance',
    state: pairState,
    rules: ['WIN-1', ...errorRules, 'CL-6'],
    world: pairWorld,
    input: {
      regionId: region,
      keyPairName: keyPair,
      instanceIds: [contractIds.linux1, contractIds.windows],
      format: 'JSON',
    },
    consumers: [...allConsumers, 'dkp-conformance-client-form'],
    response: errorJson(
      403,
      ['DependencyViolation.WindowsInstance'],
      errorCatalogue['DependencyViolation.WindowsInstance'].message,
    ),
  },
  {
    // A caller who passes one ID where the API wants a list: JSON.stringify('i-…') is a JSON string.
    description: 'a detach whose InstanceIds is a JSON string, not an array',
    state: pairState,
    rules: ['ID-4', ...errorRules, 'ERR-4', 'CL-6'],
    world: pairWorld,
    input: {
      regionId: region,
      keyPairName: keyPair,
      instanceIds: { raw: JSON.stringify(contractIds.linux1) },
      format: 'JSON',
    },
    consumers: allConsumers,
    response: errorJson(
      400,
      ['InvalidInstanceIds.ValueNotSupported'],
      errorCatalogue['InvalidInstanceIds.ValueNotSupported'].message,
    ),
  },
  {
    description: 'a detach of 51 instances',
    state: fiftyState,
    rules: ['ID-3', ...errorRules, 'CL-6'],
    world: fiftyWorld,
    input: { regionId: region, keyPairName: keyPair, instanceIds: contractIds.fiftyOne, format: 'JSON' },
    consumers: allConsumers,
    response: errorJson(
      400,
      ['InvalidInstanceIds.ValueNotSupported', 'InstanceKeyPairLimitExceeded'],
      errorCatalogue['InvalidInstanceIds.ValueNotSupported'].message,
      [400, 403],
    ),
  },
  {
    description: 'a detach without KeyPairName',
    state: pairState,
    rules: ['RQ-4', ...errorRules, 'CL-6'],
    world: pairWorld,
    input: { regionId: region, keyPairName: null, instanceIds: pair, format: 'JSON' },
    consumers: allConsumers,
    response: errorJson(400, missingParameterCodes('KeyPairName'), missingParameterMessage('KeyPairName')),
  },
  {
    // RQ-5 allows 404 InvalidRegionId.NotFound or 400 InvalidRegionId.MalFormed; a pact cannot tie a
    // status to a code, so both statuses and both codes are accepted (contracts/README.md).
    description: 'a detach in a region that does not exist',
    state: pairState,
    rules: ['RQ-5', ...errorRules, 'CL-6'],
    world: pairWorld,
    input: { regionId: 'xx-nowhere-1', keyPairName: keyPair, instanceIds: pair, format: 'JSON' },
    consumers: allConsumers,
    response: errorJson(
      404,
      ['InvalidRegionId.NotFound', 'InvalidRegionId.MalFormed'],
      errorCatalogue['InvalidRegionId.NotFound'].message,
      [400, 404],
    ),
  },
  {
    description: 'a detach with a wrong signature',
    state: pairState,
    rules: ['AU-3', ...errorRules, 'CL-6'],
    world: pairWorld,
    input: { regionId: region, keyPairName: keyPair, instanceIds: pair, format: 'JSON' },
    auth: 'wrong-signature',
    consumers: [...allConsumers, 'dkp-conformance-client-form'],
    response: errorJson(
      400,
      ['SignatureDoesNotMatch', 'IncompleteSignature'],
      errorCatalogue.SignatureDoesNotMatch.message,
    ),
  },
  {
    description: 'a detach answered with throttling',
    state: 'the caller is being throttled',
    rules: ['CL-6', 'CL-8'],
    world: pairWorld,
    input: { regionId: region, keyPairName: keyPair, instanceIds: pair, format: 'JSON' },
    consumerOnly:
      'consumer-only: throttling depends on request rate, not on a World, so no provider state can produce it',
    consumers: allConsumers,
    response: errorJson(400, ['Throttling.User', 'Throttling'], errorCatalogue['Throttling.User'].message),
  },
  {
    description: 'a detach answered with ServiceUnavailable',
    state: 'the service is temporarily unavailable',
    rules: ['CL-6', 'CL-8'],
    world: pairWorld,
    input: { regionId: region, keyPairName: keyPair, instanceIds: pair, format: 'JSON' },
    consumerOnly:
      'consumer-only: a 503 is a genuine server fault (ERR-4), which no World can ask a conforming target for',
    consumers: allConsumers,
    response: errorJson(503, ['ServiceUnavailable'], errorCatalogue.ServiceUnavailable.message),
  },
];

/** The interactions a consumer exercises, in catalogue order. */
export function interactionsFor(consumer: ConsumerName): ContractInteraction[] {
  return interactions.filter((i) => i.consumers.includes(consumer));
}

/** The catalogue entry of a description, if any. */
export function interactionNamed(description: string): ContractInteraction | undefined {
  return interactions.find((i) => i.description === description);
}

/**
 * The provider-state parameters of an interaction (target-protocol §1): the world without access keys, the
 * breakage to re-apply (`auth`) and, for consumer-only interactions, why a provider must skip them.
 */
export function stateParams(interaction: ContractInteraction): {
  world: ContractWorld;
  auth?: Breakage;
  consumerOnly?: string;
} {
  return {
    world: interaction.world,
    ...definedOnly({ auth: interaction.auth, consumerOnly: interaction.consumerOnly }),
  };
}
