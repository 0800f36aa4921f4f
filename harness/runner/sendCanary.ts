import { randomBytes } from 'node:crypto';
import { readOnlyProbes } from '../../fixtures/probes/readOnlyProbes.ts';
import { maskAccessKeyId } from '../recordings/redactExchange.ts';
import type { AccessKey } from '../spec/World.ts';
import { compose, type Send, type SendCall } from '../targets/interceptors/Send.ts';
import { transportSend } from '../targets/interceptors/transportSend.ts';
import { withRetry } from '../targets/interceptors/withRetry.ts';
import type { Target } from '../targets/Target.ts';
import { definedOnly } from '../util/definedOnly.ts';
import { HarnessError } from '../util/HarnessError.ts';
import { decodeResponse } from '../wire/decodeResponse.ts';
import { encodeProbe } from '../wire/encodeProbe.ts';

/** The signing schemes a canary is sent in, one request each (target-protocol §4). */
const schemes = ['v1', 'v3'] as const;

/**
 * The read-only probes sent as canaries: a correctly signed DetachKeyPair for a fresh key pair name and an
 * impossible instance ID (`fixtures/probes/readOnlyProbes.ts`), in V1 and V3, as a GET (TR-1: every
 * transport is accepted).
 */
const canaryProbes = schemes.map((scheme) => {
  const name = `unknown-key-pair-${scheme}-get-query`;
  const entry = readOnlyProbes.find((p) => p.name === name);
  if (entry === undefined) throw new Error(`read-only probe ${name} is missing`);
  return { scheme, entry };
});

/** The `name` every canary call carries (`canary-v1`, `canary-v3`): recorders leave such calls out. */
const canaryPrefix = 'canary-';

/** Whether a call is a canary's (target-protocol §4): a precondition of the run, never judged or recorded. */
export function isCanaryCall(call: Pick<SendCall, 'name'>): boolean {
  return call.name?.startsWith(canaryPrefix) === true;
}

// The names a `MissingParameter*` must give for a refusal to be about the signature rather than the
// request (AU-5): V1's signing parameters and V3's signing headers. `MissingParameter.RegionId` is not one:
// a target that does not read the canary's transport has a TR-1 bug, not a credentials problem.
const signingElement =
  /(?<![\w-])(?:Signature(?:Nonce|Method|Version|Type)?|AccessKeyId|Timestamp|SecurityToken|Authorization|x-acs-(?:date|signature-nonce|content-sha256|security-token))(?![\w-])/i;

/**
 * Whether an error code answered to a correctly signed request says the suite's own credentials were
 * refused (target-protocol §4): an AU-3 code (`SignatureDoesNotMatch`, `IncompleteSignature`), AU-4's
 * `InvalidAccessKeyId.*`, an AU-6 code (`InvalidTimeStamp.*`, `IllegalTimestamp`: this machine's clock),
 * `InvalidSecurityToken.*`, `Forbidden*` (`Forbidden.RAM`: the RAM policy), or a `MissingParameter*`
 * (`MissingParameter`, `MissingParameter.<Name>`, `Missing<Name>`) whose code or message names a signing
 * element (AU-5).
 */
export function isCredentialsRefusal(code: string, message = ''): boolean {
  if (
    /^(?:SignatureDoesNotMatch|IncompleteSignature|IllegalTimestamp|Forbidden.*|(?:InvalidAccessKeyId|InvalidSecurityToken|InvalidTimeStamp)(?:\..+)?)$/.test(
      code,
    )
  )
    return true;
  if (!code.startsWith('Missing')) return false;
  const named = code.replace(/^Missing(?:Parameter)?\.?/, '');
  return signingElement.test(named === '' ? message : `${named} ${message}`);
}

/**
 * What a canary got, per scheme: the HTTP status, the `Code` (absent when the body carried none), and
 * whether it refused the run's own precondition: its credentials ({@link isCredentialsRefusal}) or its
 * region (`InvalidRegionId.*` for the `--region` the user gave).
 */
export type CanaryAnswer = {
  scheme: 'v1' | 'v3';
  status: number;
  code?: string;
  refusal: 'credentials' | 'region' | null;
};

/** Options of {@link sendCanary}. */
export type CanaryOptions = {
  /** The credentials the run signs with (the user's: the target has no world control). */
  key: AccessKey;
  /** The region the run probes (`--region`). */
  regionId: string;
  securityToken?: string;
  /** Whether the command reads `ALIBABA_CLOUD_SECURITY_TOKEN` (audit does; verify does not): for the hint. */
  readsSecurityToken?: boolean;
  /** The chain to send through (`audit`: rate limit, timeout, retries); default the target's with `withRetry`. */
  send?: Send;
  /** Backoff base (ms) of the default retries; tests set it low. */
  backoffMs?: number;
};

/**
 * The canary of target-protocol §4, sent before anything is judged by every run without world control
 * (`verify --target URL --region ID`, `verify --replay` without world control, `audit`): one correctly
 * signed, read-only request per signing scheme. If every scheme's answer is a credentials refusal
 * ({@link isCredentialsRefusal}) the run stops with `CREDENTIALS_REJECTED` (exit 2), naming the codes
 * received and what to check, and blames the target for nothing; if every scheme answers
 * `InvalidRegionId.*` for the `--region` given, the run stops with `CONFIG` (exit 2): a wrong region is the
 * user's. A scheme refused while another passes is a finding about the target (AU-1 or AU-2), judged by the
 * run as usual. A canary that gets no answer (a transport failure or a timeout) is `TARGET_UNREACHABLE`
 * (exit 3); one still throttled or 503 after the retries says nothing about credentials, and the run goes
 * on (its own requests count towards the 10% inconclusive share). With world control there is no such
 * canary: the run's own key is in the World it loads (an explicit `--world-url` gets
 * {@link confirmWorldControl}; the default run, on the bundled emulator, sends nothing more). Returns each
 * scheme's answer.
 */
export async function sendCanary(target: Target, options: CanaryOptions): Promise<CanaryAnswer[]> {
  const answers = await canaryAnswers(target, options);
  if (answers.length < schemes.length || answers.some((a) => a.refusal === null)) return answers;
  if (answers.every((a) => a.refusal === 'credentials'))
    throw new HarnessError('CREDENTIALS_REJECTED', refusalMessage(target.origin, answers, options));
  // Every scheme said the region the user gave does not exist: a wrong --region, not a finding (the
  // assumed world holds that region, so judging on would blame the target for KP-1, ID-*, RQ-4 …).
  throw new HarnessError(
    'CONFIG',
    `the target ${target.origin} does not know region ${options.regionId}: a correctly signed, read-only ` +
      `canary request got ${received(answers)}, so nothing was judged. Check --region (the region this ` +
      'endpoint serves, e.g. cn-hangzhou for https://ecs.cn-hangzhou.aliyuncs.com).',
  );
}

/**
 * Sends the canary in each scheme and classifies each answer; a canary with no answer throws
 * `TARGET_UNREACHABLE`, and one still throttled or 503 after the retries is left out.
 */
async function canaryAnswers(target: Target, options: CanaryOptions): Promise<CanaryAnswer[]> {
  const send =
    options.send ??
    compose(
      transportSend((request, sendOptions) => target.send(request, sendOptions)),
      withRetry({ baseMs: options.backoffMs ?? 200 }),
    );
  const answers: CanaryAnswer[] = [];
  for (const { scheme, entry } of canaryProbes) {
    const probe = entry.build({ regionId: options.regionId });
    const outcome = await send({
      name: `${canaryPrefix}${scheme}`,
      probe,
      mutating: false,
      build: () =>
        encodeProbe(probe, {
          key: options.key,
          host: target.host,
          now: Date.now(),
          ...definedOnly({ securityToken: options.securityToken }),
        }).wire,
    });
    const response = outcome.response;
    if (response === undefined) {
      throw new HarnessError(
        'TARGET_UNREACHABLE',
        `target ${target.origin} gave the ${scheme.toUpperCase()} canary request no answer ` +
          `(${outcome.kind === 'inconclusive' ? outcome.reason : 'no response'}); nothing was judged`,
      );
    }
    if (outcome.kind === 'inconclusive') continue;
    const decoded = decodeResponse(response);
    const code = decoded.fields.Code?.value;
    const refusal =
      code === undefined
        ? null
        : isCredentialsRefusal(code, decoded.fields.Message?.value ?? '')
          ? 'credentials'
          : code.startsWith('InvalidRegionId')
            ? 'region'
            : null;
    answers.push({ scheme, status: response.status, ...(code === undefined ? {} : { code }), refusal });
  }
  return answers;
}

/**
 * With an explicit `--world-url` (never in the default run): loads a World holding one fresh key and sends
 * the canary signed with it. If every scheme refuses that key, the world URL does not control the target
 * (another emulator's world URL, or a target that ignores the World's access keys, target-protocol §1): the
 * run stops with `CONFIG` (exit 2) instead of blaming AU-1, AU-2 and every rule after them on the target.
 * A World refused is `WORLD_REFUSED`, as for any World the run loads.
 */
export async function confirmWorldControl(target: Target): Promise<void> {
  const key = {
    accessKeyId: `dkp-canary-${randomBytes(6).toString('hex')}`,
    accessKeySecret: randomBytes(18).toString('base64url'),
  };
  const regionId = 'cn-hangzhou';
  await target.loadWorld({ accessKeys: [key], regions: [regionId], keyPairs: [], instances: [] });
  const answers = await canaryAnswers(target, { key, regionId });
  if (answers.length < schemes.length || answers.some((a) => a.refusal === null)) return;
  throw new HarnessError(
    'CONFIG',
    `the target ${target.origin} refused the key the world URL ${target.worldUrl} had just loaded: a ` +
      `correctly signed, read-only canary request got ${received(answers)}, so nothing was judged. Check ` +
      'that --world-url controls --target (the same emulator), that the target applies the access keys ' +
      "and regions of the World it is given (target-protocol §1), and this machine's clock (within 15 " +
      "minutes of the target's).",
  );
}

/** `HTTP 400 SignatureDoesNotMatch (V1) and HTTP 404 InvalidAccessKeyId.NotFound (V3)`. */
function received(answers: readonly CanaryAnswer[]): string {
  return answers
    .map((a) => `HTTP ${a.status}${a.code === undefined ? '' : ` ${a.code}`} (${a.scheme.toUpperCase()})`)
    .join(' and ');
}

/** The exit-2 message: the codes received, then what to check, most likely first; never a secret. */
function refusalMessage(origin: string, answers: readonly CanaryAnswer[], options: CanaryOptions): string {
  const codes = answers.map((a) => a.code ?? '').join(' ');
  const checks: string[] = [];
  const add = (condition: boolean, text: string) => {
    if (condition && !checks.includes(text)) checks.push(text);
  };
  const id = `ALIBABA_CLOUD_ACCESS_KEY_ID (${maskAccessKeyId(options.key.accessKeyId)}): does the endpoint know it?`;
  const secret = 'ALIBABA_CLOUD_ACCESS_KEY_SECRET: is it the secret of that AccessKeyId?';
  const token =
    options.securityToken !== undefined
      ? 'ALIBABA_CLOUD_SECURITY_TOKEN: has the STS token expired, and does it belong to that AccessKeyId?'
      : options.readsSecurityToken === true
        ? 'ALIBABA_CLOUD_SECURITY_TOKEN: temporary (STS) credentials need it, and it expires'
        : 'temporary (STS) credentials: this command sends no security token (audit reads ALIBABA_CLOUD_SECURITY_TOKEN)';
  const region = `--region ${options.regionId}: is it a region this endpoint serves?`;
  const clock = "this machine's clock: it must be within 15 minutes of the endpoint's";
  const ram = 'the RAM policy: it must allow ecs:DetachKeyPair in that region';
  add(/InvalidAccessKeyId/.test(codes), id);
  add(/SignatureDoesNotMatch|IncompleteSignature|Missing/.test(codes), secret);
  add(/InvalidSecurityToken/.test(codes), token);
  add(/InvalidTimeStamp|IllegalTimestamp/.test(codes), clock);
  add(/Forbidden/.test(codes), ram);
  for (const text of [id, secret, token, region, clock, ram]) add(true, text);
  return (
    `the target ${origin} refused the suite's own credentials, so nothing was judged: a correctly signed, ` +
    `read-only canary request (DetachKeyPair of a key pair that cannot exist) got ${received(answers)}. ` +
    `Check ${checks.map((c, i) => `(${i + 1}) ${c}`).join('; ')}.`
  );
}
