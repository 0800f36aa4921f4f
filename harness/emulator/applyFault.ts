/**
 * The injected faults that are easiest to read as transforms of a clean intermediate value: the request
 * as read, the per-request profile, the effects of a detach, the response body and the wire response.
 * Every function here returns its input unchanged when `fault` is `null` or concerns something else.
 * Faults that change one decision are flags where the decision is taken (`authenticate.ts`,
 * `detachKeyPair.ts`, `handleRequest.ts`).
 */
import type { Instance, World } from '../spec/World.ts';
import { parseInstanceIds } from '../wire/instanceIdsCodec.ts';
import { signV3, type V3Input } from '../wire/signV3.ts';
import type { WireResponse } from '../wire/WireMessage.ts';
import type { Scheme } from './authenticate.ts';
import type { DetachResult } from './detachKeyPair.ts';
import type { EmulatorProfile } from './EmulatorProfile.ts';
import type { FaultName } from './faults.ts';
import { type Incoming, paramValue } from './readIncoming.ts';
import type { BodyField, ResponseBody, ResponseFormat } from './renderResponse.ts';

/** The fault of a request, `null` for the clean emulator. */
export type ActiveFault = FaultName | null;

/** `form-body-ignored` (TR-1): only the query is read. */
export function faultyIncoming(fault: ActiveFault, incoming: Incoming): Incoming {
  return fault === 'form-body-ignored' ? { ...incoming, params: incoming.query } : incoming;
}

/**
 * The MR faults: each makes a REPORT-level choice (ST-5 unknown instances, ID-7 duplicates) depend on
 * something the outcome must not depend on. Each choice alone is allowed; the inconsistency is the fault.
 */
export function faultyProfile(
  fault: ActiveFault,
  profile: EmulatorProfile,
  incoming: Incoming,
  scheme: Scheme,
  world: World,
): EmulatorProfile {
  const rawIds = paramValue(incoming.params, 'InstanceIds') ?? '';
  switch (fault) {
    case 'permutation-sensitive': {
      // MR-1: only the first ID is looked up eagerly.
      const parsed = parseInstanceIds(rawIds);
      const first = parsed.kind === 'json-array' || parsed.kind === 'bare-text' ? parsed.ids[0] : undefined;
      const regionId = paramValue(incoming.params, 'RegionId');
      const known = world.instances.some((i) => i.regionId === regionId && i.instanceId === first);
      return {
        ...profile,
        unknownInstance: first !== undefined && !known ? 'reject-request' : 'per-instance-failure',
      };
    }
    case 'transport-dependent': {
      // MR-2: InstanceIds from a POST form body (not from the query) is de-duplicated.
      const fromForm = incoming.method === 'POST' && paramValue(incoming.query, 'InstanceIds') === undefined;
      return { ...profile, duplicateInstanceIds: fromForm ? 'dedupe' : 'per-occurrence' };
    }
    case 'scheme-dependent':
      // MR-3: V3 rejects unknown instances, V1 reports them per instance.
      return { ...profile, unknownInstance: scheme === 'v3' ? 'reject-request' : 'per-instance-failure' };
    case 'whitespace-dependent':
      // MR-4: compact lists are de-duplicated, spaced ones reported per occurrence.
      return {
        ...profile,
        duplicateInstanceIds: hasWhitespaceOutsideStrings(rawIds) ? 'per-occurrence' : 'dedupe',
      };
    default:
      return profile;
  }
}

/** Whether a JSON text has JSON whitespace outside its string literals (ID-1, MR-4). */
export function hasWhitespaceOutsideStrings(text: string): boolean {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      return true;
    }
  }
  return false;
}

/**
 * `body-hash-not-verified` (AU-2): the signature is checked over the claimed `x-acs-content-sha256`, which
 * is never compared with the body.
 */
export function verifiesOverClaimedHash(
  input: V3Input,
  auth: { accessKeyId: string; signedHeaders: string[]; signature: string },
  accessKeySecret: string,
): boolean {
  const signed = signV3({
    ...input,
    accessKeyId: auth.accessKeyId,
    accessKeySecret,
    signedHeaders: auth.signedHeaders,
  });
  return signed.signature === auth.signature;
}

/** What a successful detach reports and leaves behind. */
export type DetachEffects = { results: DetachResult[]; world: World };

/**
 * The ST faults and `unrequested-result` (OK-7): they rewrite the results and the world after a clean
 * detach. `before` is the world the request saw, `after` the one the clean detach left.
 */
export function faultyEffects(
  fault: ActiveFault,
  request: { regionId: string; keyPairName: string; before: World },
  clean: DetachEffects,
): DetachEffects {
  if (fault === null) return clean;
  const { regionId, keyPairName, before } = request;
  const wasBound = new Map<string, Instance['keyPairName']>();
  for (const i of before.instances) if (i.regionId === regionId) wasBound.set(i.instanceId, i.keyPairName);
  const rebind = (world: World, ids: ReadonlySet<string>, to: string | null): World => ({
    ...world,
    instances: world.instances.map((i) =>
      i.regionId === regionId && ids.has(i.instanceId) ? { ...i, keyPairName: to } : i,
    ),
  });
  switch (fault) {
    case 'nothing-detached': {
      // ST-0: instances bound to the key pair are reported not bound; nothing changes.
      const results = clean.results.map((r) =>
        r.Success && wasBound.get(r.InstanceId) === keyPairName ? notBound(r.InstanceId) : r,
      );
      return { results, world: before };
    }
    case 'success-not-applied':
      // ST-1: the results stand, the change is never committed.
      return { results: clean.results, world: before };
    case 'failed-result-changes': {
      // ST-2: a "rollback" binds the key pair to unbound instances whose entries all failed.
      const failed = new Set<string>();
      for (const r of clean.results) if (wasBound.get(r.InstanceId) === null) failed.add(r.InstanceId);
      for (const r of clean.results) if (r.Success) failed.delete(r.InstanceId);
      return { results: clean.results, world: rebind(clean.world, failed, keyPairName) };
    }
    case 'collateral-detach': {
      // ST-3: every instance of the region bound to the key pair is unbound, named or not.
      const all = new Set([...wasBound].filter(([, kp]) => kp === keyPairName).map(([id]) => id));
      return { results: clean.results, world: rebind(clean.world, all, null) };
    }
    case 'unbinds-other-key-pair': {
      // ST-4: an instance bound to another key pair is unbound and reported successful.
      const other = new Set<string>();
      const results = clean.results.map((r) => {
        const kp = wasBound.get(r.InstanceId);
        if (kp === undefined || kp === null || kp === keyPairName) return r;
        other.add(r.InstanceId);
        return { InstanceId: r.InstanceId, Success: true, Code: '200', Message: 'successful' };
      });
      return { results, world: rebind(clean.world, other, null) };
    }
    case 'unrequested-result': {
      // OK-7: a region scan leaks one instance that was not named.
      const named = new Set(clean.results.map((r) => r.InstanceId));
      const leaked = [...wasBound.keys()].find((id) => !named.has(id)) ?? 'i-not-requested';
      return { results: [...clean.results, notBound(leaked)], world: clean.world };
    }
    default:
      return clean;
  }
}

function notBound(instanceId: string): DetachResult {
  return {
    InstanceId: instanceId,
    Success: false,
    Code: 'InvalidKeyPair.NotBound',
    Message: 'The specified key pair is not bound to the instance.',
  };
}

/** The OK faults (success bodies), ERR-1 and ERR-2 (error bodies), as edits of the body before it is written. */
export function faultyBody(fault: ActiveFault, format: ResponseFormat, body: ResponseBody): ResponseBody {
  if (fault === null) return body;
  const results = body.results;
  if (results === undefined) {
    if (fault === 'errors-with-200') return { ...body, status: 200 }; // ERR-1
    if (fault === 'error-body-missing-request-id')
      return { ...body, fields: without(body.fields, 'RequestId') }; // ERR-2
    return body;
  }
  const succeeded = (r: BodyField[]) => String(fieldValue(r, 'Success')) === 'true';
  const eachResult = (edit: (r: BodyField[]) => BodyField[]) => ({ ...body, results: results.map(edit) });
  switch (fault) {
    case 'xml-root-renamed':
      return format === 'xml' ? { ...body, root: 'DetachKeyPairResult' } : body; // OK-1
    case 'missing-request-id':
      return { ...body, fields: without(body.fields, 'RequestId') }; // OK-2
    case 'single-result-as-object':
      return { ...body, singleResultAsObject: true }; // OK-3
    case 'result-missing-message':
      return eachResult((r) => without(r, 'Message')); // OK-4
    case 'total-count-wrong':
      return { ...body, fields: body.fields.map(([k, v]) => [k, k === 'TotalCount' ? plusOne(v) : v]) }; // OK-5
    case 'fail-count-wrong':
      return {
        ...body,
        fields: body.fields.map(([k, v]) => [k, k === 'FailCount' ? (typeof v === 'number' ? 0 : '0') : v]),
      }; // OK-6
    case 'success-code-mismatch':
      return eachResult((r) => (succeeded(r) ? withValue(r, 'Code', 'Success') : r)); // OK-8
    case 'scalar-forms-wrong':
      return eachResult((r) => (succeeded(r) ? r : withValue(r, 'Code', false))); // OK-9
    case 'key-pair-name-echo-wrong': {
      // OK-10: the stored key file name; present even under a profile that omits KeyPairName.
      const name = fieldValue(body.fields, 'KeyPairName');
      if (name !== undefined)
        return { ...body, fields: withValue(body.fields, 'KeyPairName', `${name}.pub`) };
      return body;
    }
    case 'top-level-code-in-success': {
      // OK-11: the first failure's Code hoisted to the top level.
      const code = results.find((r) => !succeeded(r));
      const value = code === undefined ? undefined : fieldValue(code, 'Code');
      return value === undefined ? body : { ...body, fields: [...body.fields, ['Code', value]] };
    }
    case 'xml-differs-from-json':
      return format === 'xml' ? eachResult((r) => (succeeded(r) ? r : withValue(r, 'Code', '400'))) : body; // FM-1
    default:
      return body;
  }
}

/** `wrong-content-type` (TR-4): JSON bodies served as `text/plain`. */
export function faultyResponse(fault: ActiveFault, response: WireResponse): WireResponse {
  if (fault !== 'wrong-content-type' || !response.headers['content-type']?.startsWith('application/json')) {
    return response;
  }
  return { ...response, headers: { ...response.headers, 'content-type': 'text/plain;charset=utf-8' } };
}

function fieldValue(fields: readonly BodyField[], name: string): BodyField[1] | undefined {
  return fields.find(([k]) => k === name)?.[1];
}

function without(fields: readonly BodyField[], name: string): BodyField[] {
  return fields.filter(([k]) => k !== name);
}

function withValue(fields: readonly BodyField[], name: string, value: BodyField[1]): BodyField[] {
  return fields.map(([k, v]) => [k, k === name ? value : v]);
}

function plusOne(value: BodyField[1]): BodyField[1] {
  return typeof value === 'number' ? value + 1 : String(Number(value) + 1);
}
