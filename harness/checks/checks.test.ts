import { describe, expect, it } from 'vitest';
import type { World } from '../spec/World.ts';
import type { Check } from './CheckOutcome.ts';
import {
  A,
  B,
  broken,
  C,
  D,
  entry,
  exchange,
  H,
  HOST,
  JSON_SAMPLE,
  JSON_TYPE,
  jsonError,
  jsonSample,
  jsonSuccess,
  KEY_PAIR,
  KP_NOT_FOUND,
  observed,
  REGION,
  sampleProbe,
  summary,
  UNKNOWN,
  W,
  WINDOWS,
  withInstance,
  world,
  XML_SAMPLE,
  XML_TYPE,
  xmlError,
} from './checkTestKit.ts';
import { conditionChecks } from './conditionChecks.ts';
import { contentTypeMatchesFormat } from './contentTypeMatchesFormat.ts';
import { errorBodyComplete } from './errorBodyComplete.ts';
import { errorChangesNothing } from './errorChangesNothing.ts';
import { errorStatusIsError } from './errorStatusIsError.ts';
import { failCountMatchesResults } from './failCountMatchesResults.ts';
import { failedInstancesUnchanged } from './failedInstancesUnchanged.ts';
import { formatAsRequested } from './formatAsRequested.ts';
import { hostIdIsHostHeader } from './hostIdIsHostHeader.ts';
import { checks, runChecks } from './index.ts';
import { keyPairNameEchoed } from './keyPairNameEchoed.ts';
import { noCollateralChange } from './noCollateralChange.ts';
import { noErrorMarkersInSuccess } from './noErrorMarkersInSuccess.ts';
import { noServerErrorOnBadInput } from './noServerErrorOnBadInput.ts';
import { operationDetachesBoundInstances } from './operationDetachesBoundInstances.ts';
import { otherKeyPairNeverUnbound } from './otherKeyPairNeverUnbound.ts';
import { outcomeIsAcceptable } from './outcomeIsAcceptable.ts';
import { requestIdPresent } from './requestIdPresent.ts';
import { resultFieldsPresent } from './resultFieldsPresent.ts';
import { resultPerRequestedInstance } from './resultPerRequestedInstance.ts';
import { resultsIsList } from './resultsIsList.ts';
import { scalarsInDocumentedForms } from './scalarsInDocumentedForms.ts';
import { successfulResultsAreUnbound } from './successfulResultsAreUnbound.ts';
import { successIffCode200 } from './successIffCode200.ts';
import { successStatusAndRoot } from './successStatusAndRoot.ts';
import { totalCountMatchesResults } from './totalCountMatchesResults.ts';
import { unknownInstancesFail } from './unknownInstancesFail.ts';
import { sameWorld, worldDiff } from './worldDiff.ts';
import { xmlErrorContentTypeExact } from './xmlErrorContentTypeExact.ts';

// The documented exchanges: the reference's own success samples on a world where they are true, and
// its error table. Every check passes (or does not apply) on them.
const jsonOk = () => exchange({ probe: sampleProbe({ format: 'JSON' }), body: JSON_SAMPLE });
const xmlOk = () => exchange({ probe: sampleProbe({ format: 'XML' }), body: XML_SAMPLE });
const kpNotFound = (body = jsonError('InvalidKeyPairName.NotFound', KP_NOT_FOUND), contentType?: string) =>
  exchange({
    probe: sampleProbe({ keyPairName: 'noSuchKeyPair' }),
    body,
    status: 400,
    ...(contentType === undefined ? {} : { contentType }),
  });
const windows = (worldAfter?: World) =>
  exchange({
    probe: sampleProbe({}, [A, W]),
    body: jsonError('DependencyViolation.WindowsInstance', WINDOWS),
    status: 403,
    ...(worldAfter === undefined ? {} : { worldAfter }),
  });
const malformedIds = () =>
  exchange({
    probe: sampleProbe({ instanceIds: '["i-a", ' }),
    body: jsonError(
      'InvalidInstanceIds.ValueNotSupported',
      'The specified parameter InstanceIds is not valid.',
    ),
    status: 400,
  });

/** The world after a success that detached these instances of the sample region. */
function detached(...ids: string[]): World {
  return ids.reduce((w, id) => withInstance(w, id, { keyPairName: null }), world);
}

/** Runs one check. */
const run = (check: Check, x: ReturnType<typeof exchange>) => summary(check.run(x));

describe('the documented exchanges break no rule', () => {
  const documented = {
    'JSON success sample': jsonOk,
    'XML success sample': xmlOk,
    'V1 without Format: XML sample': () =>
      exchange({ probe: sampleProbe({ format: null }), body: XML_SAMPLE }),
    'V3 without Format: JSON sample': () =>
      exchange({ probe: sampleProbe({ format: null, scheme: 'v3' }), body: JSON_SAMPLE }),
    '400 InvalidKeyPairName.NotFound (JSON)': () => kpNotFound(),
    '400 InvalidKeyPairName.NotFound (XML)': () =>
      exchange({
        probe: sampleProbe({ keyPairName: 'noSuchKeyPair', format: 'XML' }),
        body: xmlError('InvalidKeyPairName.NotFound', KP_NOT_FOUND),
        status: 400,
      }),
    '403 DependencyViolation.WindowsInstance': () => windows(),
    '400 InvalidInstanceIds.ValueNotSupported': malformedIds,
  };
  for (const [name, make] of Object.entries(documented)) {
    it(name, () => {
      const outcomes = runChecks(make());
      expect(broken(outcomes)).toEqual([]);
      expect(outcomes.some((o) => o.status === 'pass')).toBe(true);
    });
  }

  it('every check applies to at least one documented exchange', () => {
    const judged = new Set<string>();
    for (const make of Object.values(documented)) {
      for (const check of checks) if (check.run(make()).length > 0) judged.add(check.name);
    }
    const worldChecks = [
      operationDetachesBoundInstances,
      successfulResultsAreUnbound,
      noCollateralChange,
      errorChangesNothing,
      hostIdIsHostHeader,
      xmlErrorContentTypeExact,
    ].map((c) => c.name);
    for (const name of worldChecks) expect(judged).toContain(name);
  });
});

describe('formatAsRequested (TR-2, TR-3, GEN-3)', () => {
  it('passes when Format, in any case, is honoured', () => {
    expect(run(formatAsRequested, jsonOk())).toEqual(['pass TR-2']);
    expect(run(formatAsRequested, xmlOk())).toEqual(['pass TR-2']);
    expect(
      run(formatAsRequested, exchange({ probe: sampleProbe({ format: 'xml' }), body: XML_SAMPLE })),
    ).toEqual(['pass TR-2']);
  });

  it('passes the defaults: V1 → XML, V3 → JSON, also without world control', () => {
    const v1 = exchange({ probe: sampleProbe({ format: null }), body: XML_SAMPLE, withWorld: false });
    const v3 = exchange({
      probe: sampleProbe({ format: null, scheme: 'v3' }),
      body: JSON_SAMPLE,
      withWorld: false,
    });
    expect(run(formatAsRequested, v1)).toEqual(['pass TR-3']);
    expect(run(formatAsRequested, v3)).toEqual(['pass TR-3']);
  });

  it('fails TR-2 when Format=XML gets JSON, and nothing else breaks', () => {
    const x = exchange({ probe: sampleProbe({ format: 'XML' }), body: JSON_SAMPLE });
    expect(run(formatAsRequested, x)).toEqual(['fail TR-2']);
    expect(broken(runChecks(x))).toEqual(['TR-2']);
  });

  it('fails TR-3 when a V1 request without Format gets JSON, errors included', () => {
    const x = exchange({
      probe: sampleProbe({ format: null, keyPairName: 'noSuchKeyPair' }),
      body: jsonError('InvalidKeyPairName.NotFound', KP_NOT_FOUND),
      status: 400,
    });
    expect(run(formatAsRequested, x)).toEqual(['fail TR-3']);
    expect(broken(runChecks(x))).toEqual(['TR-3']);
  });

  it('reports the format chosen for a V3 request that carries Format (GEN-3)', () => {
    const x = exchange({ probe: sampleProbe({ format: 'XML', scheme: 'v3' }), body: JSON_SAMPLE });
    expect(observed(formatAsRequested.run(x))).toEqual([
      'GEN-3: a V3 request with Format=XML was answered in JSON',
    ]);
  });

  it('leaves a body that does not parse to OK-1 / ERR-2', () => {
    const x = exchange({
      probe: sampleProbe({ format: 'XML' }),
      body: '{"TotalCount": ',
      contentType: JSON_TYPE,
    });
    expect(run(formatAsRequested, x)).toEqual([]);
  });
});

describe('contentTypeMatchesFormat (TR-4)', () => {
  it('passes application/json and text/xml, charset and case free', () => {
    expect(run(contentTypeMatchesFormat, jsonOk())).toEqual(['pass TR-4']);
    expect(run(contentTypeMatchesFormat, xmlOk())).toEqual(['pass TR-4']);
    const upper = exchange({
      probe: sampleProbe(),
      body: JSON_SAMPLE,
      contentType: 'Application/JSON; charset=UTF-8',
    });
    const appXml = exchange({
      probe: sampleProbe({ format: 'XML' }),
      body: XML_SAMPLE,
      contentType: 'application/xml',
    });
    expect(run(contentTypeMatchesFormat, upper)).toEqual(['pass TR-4']);
    expect(run(contentTypeMatchesFormat, appXml)).toEqual(['pass TR-4']);
  });

  it('fails a JSON body labelled text/plain, and nothing else breaks', () => {
    const x = exchange({ probe: sampleProbe(), body: JSON_SAMPLE, contentType: 'text/plain' });
    expect(run(contentTypeMatchesFormat, x)).toEqual(['fail TR-4']);
    expect(broken(runChecks(x))).toEqual(['TR-4']);
  });

  it('fails a body whose label names the other format, and one with no Content-Type', () => {
    const lying = exchange({ probe: sampleProbe(), body: JSON_SAMPLE, contentType: XML_TYPE });
    const none = exchange({ probe: sampleProbe({ format: 'XML' }), body: XML_SAMPLE, contentType: null });
    expect(run(contentTypeMatchesFormat, lying)).toEqual(['fail TR-4']);
    expect(run(contentTypeMatchesFormat, none)).toEqual(['fail TR-4']);
  });
});

describe('xmlErrorContentTypeExact (TR-5)', () => {
  const xml = (contentType: string) =>
    exchange({
      probe: sampleProbe({ keyPairName: 'noSuchKeyPair', format: 'XML' }),
      body: xmlError('InvalidKeyPairName.NotFound', KP_NOT_FOUND),
      status: 400,
      contentType,
    });

  it('passes exactly text/xml;charset=utf-8 (any case)', () => {
    expect(run(xmlErrorContentTypeExact, xml(XML_TYPE))).toEqual(['pass TR-5']);
    expect(run(xmlErrorContentTypeExact, xml('TEXT/XML;CHARSET=UTF-8'))).toEqual(['pass TR-5']);
  });

  it('warns on application/xml or a space before charset, and nothing else breaks', () => {
    expect(run(xmlErrorContentTypeExact, xml('application/xml'))).toEqual(['warn TR-5']);
    expect(run(xmlErrorContentTypeExact, xml('text/xml; charset=utf-8'))).toEqual(['warn TR-5']);
    expect(broken(runChecks(xml('application/xml')))).toEqual(['TR-5']);
  });

  it('does not apply to XML successes or JSON errors', () => {
    expect(
      run(
        xmlErrorContentTypeExact,
        exchange({ probe: sampleProbe({ format: 'XML' }), body: XML_SAMPLE, contentType: 'application/xml' }),
      ),
    ).toEqual([]);
    expect(run(xmlErrorContentTypeExact, kpNotFound())).toEqual([]);
  });
});

describe('successStatusAndRoot (OK-1)', () => {
  it('passes the samples', () => {
    expect(run(successStatusAndRoot, jsonOk())).toEqual(['pass OK-1']);
    expect(run(successStatusAndRoot, xmlOk())).toEqual(['pass OK-1']);
  });

  it('fails a success with status 201, and nothing else breaks', () => {
    const x = exchange({ probe: sampleProbe(), body: JSON_SAMPLE, status: 201 });
    expect(run(successStatusAndRoot, x)).toEqual(['fail OK-1']);
    expect(broken(runChecks(x))).toEqual(['OK-1']);
  });

  it('fails a wrong XML root, and nothing else breaks', () => {
    const body = XML_SAMPLE.replaceAll('DetachKeyPairResponse', 'DetachKeyPairResult');
    const x = exchange({ probe: sampleProbe({ format: 'XML' }), body });
    expect(run(successStatusAndRoot, x)).toEqual(['fail OK-1']);
    expect(broken(runChecks(x))).toEqual(['OK-1']);
  });

  it('fails a 200 body that does not parse', () => {
    const x = exchange({ probe: sampleProbe(), body: JSON_SAMPLE.slice(0, 40), contentType: JSON_TYPE });
    expect(run(successStatusAndRoot, x)).toEqual(['fail OK-1']);
  });
});

describe('requestIdPresent (OK-2)', () => {
  it('passes the samples', () => {
    expect(run(requestIdPresent, jsonOk())).toEqual(['pass OK-2']);
    expect(run(requestIdPresent, xmlOk())).toEqual(['pass OK-2']);
  });

  it('fails without RequestId, and nothing else breaks', () => {
    const x = exchange({ probe: sampleProbe(), body: jsonSample((d) => delete d.RequestId) });
    expect(run(requestIdPresent, x)).toEqual(['fail OK-2']);
    expect(broken(runChecks(x))).toEqual(['OK-2']);
  });

  it('fails an empty or numeric RequestId', () => {
    expect(
      run(requestIdPresent, exchange({ probe: sampleProbe(), body: jsonSample((d) => (d.RequestId = '')) })),
    ).toEqual(['fail OK-2']);
    expect(
      run(requestIdPresent, exchange({ probe: sampleProbe(), body: jsonSample((d) => (d.RequestId = 42)) })),
    ).toEqual(['fail OK-2']);
  });

  it('warns on a lower-case UUID (SHOULD)', () => {
    const x = exchange({
      probe: sampleProbe(),
      body: jsonSample((d) => (d.RequestId = String(d.RequestId).toLowerCase())),
    });
    expect(run(requestIdPresent, x)).toEqual(['warn OK-2']);
  });
});

describe('resultsIsList (OK-3)', () => {
  it('passes the samples, and a one-element list', () => {
    expect(run(resultsIsList, jsonOk())).toEqual(['pass OK-3']);
    expect(run(resultsIsList, xmlOk())).toEqual(['pass OK-3']);
    const one = exchange({ probe: sampleProbe({}, [A]), body: jsonSuccess([entry(A, true)]) });
    expect(run(resultsIsList, one)).toEqual(['pass OK-3']);
  });

  it('fails Result as a single object, and nothing else breaks', () => {
    const body = JSON.stringify({
      TotalCount: 1,
      RequestId: '834B3E6B-2D1D-482F-81A4-810C327D4735',
      Results: { Result: entry(A, true) },
      FailCount: 0,
    });
    const x = exchange({ probe: sampleProbe({}, [A]), body });
    expect(run(resultsIsList, x)).toEqual(['fail OK-3']);
    expect(broken(runChecks(x))).toEqual(['OK-3']);
  });

  it('fails a bare Results array and a body without Results', () => {
    const bare = exchange({
      probe: sampleProbe(),
      body: jsonSample((d) => (d.Results = d.Results.Result as never)),
    });
    const none = exchange({
      probe: sampleProbe(),
      body: jsonSample((d) => delete (d as Record<string, unknown>).Results),
    });
    expect(run(resultsIsList, bare)).toEqual(['fail OK-3']);
    expect(run(resultsIsList, none)).toEqual(['fail OK-3']);
  });
});

describe('resultFieldsPresent (OK-4)', () => {
  it('passes the samples', () => {
    expect(run(resultFieldsPresent, jsonOk())).toEqual(['pass OK-4']);
    expect(run(resultFieldsPresent, xmlOk())).toEqual(['pass OK-4']);
  });

  it('fails a Result without Code, and nothing else breaks', () => {
    const x = exchange({ probe: sampleProbe(), body: jsonSample((d) => delete d.Results.Result[1]?.Code) });
    expect(run(resultFieldsPresent, x)).toEqual(['fail OK-4']);
    expect(broken(runChecks(x))).toEqual(['OK-4']);
  });

  it('fails an XML Result without Message, and a JSON null InstanceId', () => {
    const xml = exchange({
      probe: sampleProbe({ format: 'XML' }),
      body: XML_SAMPLE.replace('<Message>successful</Message>', ''),
    });
    const nullId = exchange({
      probe: sampleProbe(),
      body: jsonSample((d) => ((d.Results.Result[0] ?? {}).InstanceId = null)),
    });
    expect(run(resultFieldsPresent, xml)).toEqual(['fail OK-4']);
    expect(run(resultFieldsPresent, nullId)).toEqual(['fail OK-4']);
  });
});

describe('totalCountMatchesResults (OK-5)', () => {
  it('passes the samples (a number in JSON, a string in XML)', () => {
    expect(run(totalCountMatchesResults, jsonOk())).toEqual(['pass OK-5']);
    expect(run(totalCountMatchesResults, xmlOk())).toEqual(['pass OK-5']);
    const strings = exchange({ probe: sampleProbe(), body: jsonSample((d) => (d.TotalCount = '2')) });
    expect(run(totalCountMatchesResults, strings)).toEqual(['pass OK-5']);
  });

  it('fails TotalCount 3 for two entries, and nothing else breaks', () => {
    const x = exchange({ probe: sampleProbe(), body: jsonSample((d) => (d.TotalCount = 3)) });
    expect(run(totalCountMatchesResults, x)).toEqual(['fail OK-5']);
    expect(broken(runChecks(x))).toEqual(['OK-5']);
  });

  it('fails a missing TotalCount', () => {
    const x = exchange({
      probe: sampleProbe({ format: 'XML' }),
      body: XML_SAMPLE.replace('<TotalCount>2</TotalCount>', ''),
    });
    expect(run(totalCountMatchesResults, x)).toEqual(['fail OK-5']);
  });
});

describe('failCountMatchesResults (OK-6)', () => {
  it('passes the samples, and a failure counted', () => {
    expect(run(failCountMatchesResults, jsonOk())).toEqual(['pass OK-6']);
    expect(run(failCountMatchesResults, xmlOk())).toEqual(['pass OK-6']);
    const mixed = exchange({
      probe: sampleProbe({}, [A, C]),
      body: jsonSuccess([entry(A, true), entry(C, false)]),
    });
    expect(run(failCountMatchesResults, mixed)).toEqual(['pass OK-6']);
  });

  it('fails FailCount 1 with no failure, and nothing else breaks', () => {
    const x = exchange({
      probe: sampleProbe({ format: 'XML' }),
      body: XML_SAMPLE.replace('<FailCount>0</FailCount>', '<FailCount>1</FailCount>'),
    });
    expect(run(failCountMatchesResults, x)).toEqual(['fail OK-6']);
    expect(broken(runChecks(x))).toEqual(['OK-6']);
  });

  it('reads Success "false" by value', () => {
    const body = jsonSuccess([entry(A, true), { ...entry(C, false), Success: 'false' }], { FailCount: '1' });
    const x = exchange({ probe: sampleProbe({}, [A, C]), body });
    expect(run(failCountMatchesResults, x)).toEqual(['pass OK-6']);
  });
});

describe('resultPerRequestedInstance (OK-7, ID-7)', () => {
  it('passes the samples, order free', () => {
    expect(run(resultPerRequestedInstance, jsonOk())).toEqual(['pass OK-7']);
    expect(
      run(resultPerRequestedInstance, exchange({ probe: sampleProbe({}, [B, A]), body: JSON_SAMPLE })),
    ).toEqual(['pass OK-7']);
  });

  it('fails when a requested ID has no Result, and nothing else breaks', () => {
    const x = exchange({ probe: sampleProbe({}, [A, B, D]), body: JSON_SAMPLE });
    expect(run(resultPerRequestedInstance, x)).toEqual(['fail OK-7']);
    expect(broken(runChecks(x))).toEqual(['OK-7']);
  });

  it('fails a Result for an ID never requested, and nothing else breaks', () => {
    const x = exchange({
      probe: sampleProbe({}, [A]),
      body: jsonSuccess([entry(A, true), entry('i-m5enotrequested0001', true)]),
    });
    expect(run(resultPerRequestedInstance, x)).toEqual(['fail OK-7']);
    expect(broken(runChecks(x))).toEqual(['OK-7']);
  });

  it('fails two Results for an ID requested once', () => {
    const x = exchange({
      probe: sampleProbe(),
      body: jsonSuccess([entry(A, true), entry(A, true), entry(B, true)]),
    });
    expect(run(resultPerRequestedInstance, x)).toEqual(['fail OK-7']);
  });

  it('reports duplicates de-duplicated or per occurrence (ID-7)', () => {
    const probe = sampleProbe({}, [A, A, B]);
    const dedup = exchange({ probe, body: JSON_SAMPLE });
    const each = exchange({ probe, body: jsonSuccess([entry(A, true), entry(A, false), entry(B, true)]) });
    expect(observed(resultPerRequestedInstance.run(dedup))).toEqual(['ID-7: duplicates de-duplicated']);
    expect(observed(resultPerRequestedInstance.run(each))).toEqual([
      'ID-7: duplicates reported per occurrence',
    ]);
    expect(broken(runChecks(each))).toEqual([]);
  });

  it('reads the request from the probe without world control, bare lists included (ID-6)', () => {
    const x = exchange({
      probe: sampleProbe({ instanceIds: `${A},${B}` }),
      body: JSON_SAMPLE,
      withWorld: false,
    });
    expect(run(resultPerRequestedInstance, x)).toEqual(['pass OK-7']);
  });
});

describe('successIffCode200 (OK-8)', () => {
  it('passes the samples and a documented failure', () => {
    expect(run(successIffCode200, jsonOk())).toEqual(['pass OK-8']);
    expect(run(successIffCode200, xmlOk())).toEqual(['pass OK-8']);
    const mixed = exchange({
      probe: sampleProbe({}, [A, C]),
      body: jsonSuccess([entry(A, true), entry(C, false)]),
    });
    expect(run(successIffCode200, mixed)).toEqual(['pass OK-8']);
  });

  it('fails Success true with Code 403, and nothing else breaks', () => {
    const x = exchange({
      probe: sampleProbe(),
      body: jsonSample((d) => ((d.Results.Result[1] ?? {}).Code = '403')),
    });
    expect(run(successIffCode200, x)).toEqual(['fail OK-8']);
    expect(broken(runChecks(x))).toEqual(['OK-8']);
  });

  it('fails Success false with Code 200, comparing by value', () => {
    const x = exchange({
      probe: sampleProbe({}, [A, C]),
      body: jsonSuccess([entry(A, true), { ...entry(C, false), Code: 200 }]),
    });
    expect(run(successIffCode200, x)).toEqual(['fail OK-8']);
  });

  it('warns when a successful Result says something other than "successful" (SHOULD)', () => {
    const x = exchange({
      probe: sampleProbe(),
      body: jsonSample((d) => ((d.Results.Result[0] ?? {}).Message = 'done')),
    });
    expect(run(successIffCode200, x)).toEqual(['warn OK-8']);
  });
});

describe('outcomeIsAcceptable: ID-6 observations name the kind of bare text', () => {
  it('a clean comma list accepted and one with an empty segment rejected read as two inputs, not a contradiction', () => {
    const accepted = exchange({ probe: sampleProbe({ instanceIds: `${A},${B}` }), body: JSON_SAMPLE });
    expect(observed(outcomeIsAcceptable.run(accepted))).toContain(
      'ID-6: bare-text InstanceIds (a comma list): accepted',
    );
    const rejected = exchange({
      probe: sampleProbe({ instanceIds: `${A},,${B}` }),
      body: jsonError(
        'InvalidInstanceIds.ValueNotSupported',
        'The specified parameter InstanceIds is not valid.',
      ),
      status: 400,
    });
    expect(observed(outcomeIsAcceptable.run(rejected))).toContain(
      'ID-6: bare-text InstanceIds with an empty segment: rejected with InvalidInstanceIds.ValueNotSupported',
    );
  });
});

describe('scalarsInDocumentedForms (OK-9)', () => {
  it('passes the samples and reports the JSON forms', () => {
    expect(run(scalarsInDocumentedForms, xmlOk())).toEqual(['pass OK-9']);
    const outcomes = scalarsInDocumentedForms.run(jsonOk());
    expect(broken(outcomes)).toEqual([]);
    expect(observed(outcomes)).toEqual([
      'OK-9: JSON counts as numbers',
      'OK-9: JSON Success as booleans',
      'OK-9: JSON Code as strings',
    ]);
  });

  it('reports all-string JSON', () => {
    const body = jsonSample((d) => {
      d.TotalCount = '2';
      d.FailCount = '0';
      for (const r of d.Results.Result) r.Success = 'true';
    });
    const x = exchange({ probe: sampleProbe(), body });
    expect(observed(scalarsInDocumentedForms.run(x))).toEqual([
      'OK-9: JSON counts as strings',
      'OK-9: JSON Success as strings',
      'OK-9: JSON Code as strings',
    ]);
  });

  it('fails a Code that is a JSON boolean, and nothing else breaks', () => {
    const body = jsonSuccess([entry(A, true), { ...entry(C, false), Code: false }]);
    const x = exchange({ probe: sampleProbe({}, [A, C]), body });
    expect(run(scalarsInDocumentedForms, x)).toEqual(['fail OK-9']);
    expect(broken(runChecks(x))).toEqual(['OK-9']);
  });

  it('fails a fractional count and Success "yes"', () => {
    expect(
      run(
        scalarsInDocumentedForms,
        exchange({ probe: sampleProbe(), body: jsonSample((d) => (d.FailCount = 0.5)) }),
      ),
    ).toEqual(['fail OK-9']);
    const yes = jsonSample((d) => ((d.Results.Result[0] ?? {}).Success = 'yes'));
    expect(run(scalarsInDocumentedForms, exchange({ probe: sampleProbe(), body: yes }))).toEqual([
      'fail OK-9',
    ]);
  });
});

describe('keyPairNameEchoed (OK-10)', () => {
  it('reports an absent KeyPairName (the samples)', () => {
    expect(summary(keyPairNameEchoed.run(jsonOk()))).toEqual(['report OK-10']);
    expect(observed(keyPairNameEchoed.run(xmlOk()))).toEqual(['OK-10: KeyPairName absent']);
  });

  it('passes and reports the requested name echoed', () => {
    const x = exchange({ probe: sampleProbe(), body: jsonSample((d) => (d.KeyPairName = KEY_PAIR)) });
    expect(observed(keyPairNameEchoed.run(x))).toEqual(['OK-10: KeyPairName present']);
    expect(run(keyPairNameEchoed, x)).toEqual(['report OK-10', 'pass OK-10']);
  });

  it('fails another name echoed, and nothing else breaks', () => {
    const x = exchange({
      probe: sampleProbe(),
      body: jsonSample((d) => (d.KeyPairName = 'TestKeyPairName')),
    });
    expect(run(keyPairNameEchoed, x)).toEqual(['report OK-10', 'fail OK-10']);
    expect(broken(runChecks(x))).toEqual(['OK-10']);
  });
});

describe('noErrorMarkersInSuccess (OK-11)', () => {
  it('passes the samples, and a top-level Code 200 with Message successful', () => {
    expect(run(noErrorMarkersInSuccess, jsonOk())).toEqual(['pass OK-11']);
    expect(run(noErrorMarkersInSuccess, xmlOk())).toEqual(['pass OK-11']);
    const ok = exchange({
      probe: sampleProbe(),
      body: jsonSample((d) => Object.assign(d, { Code: 200, Message: 'successful' })),
    });
    expect(run(noErrorMarkersInSuccess, ok)).toEqual(['pass OK-11']);
  });

  it('fails a top-level error Code beside Results, and nothing else breaks', () => {
    const x = exchange({ probe: sampleProbe(), body: jsonSample((d) => (d.Code = 'Forbidden.RAM')) });
    expect(run(noErrorMarkersInSuccess, x)).toEqual(['fail OK-11']);
    expect(broken(runChecks(x))).toEqual(['OK-11']);
  });

  it('fails a top-level Success false and a lone error Message', () => {
    const success = exchange({ probe: sampleProbe(), body: jsonSample((d) => (d.Success = false)) });
    const message = exchange({
      probe: sampleProbe(),
      body: jsonSample((d) => (d.Message = 'Permission denied')),
    });
    expect(run(noErrorMarkersInSuccess, success)).toEqual(['fail OK-11']);
    expect(run(noErrorMarkersInSuccess, message)).toEqual(['fail OK-11']);
  });
});

describe('errorStatusIsError (ERR-1)', () => {
  it('passes the error table', () => {
    expect(run(errorStatusIsError, kpNotFound())).toEqual(['pass ERR-1']);
    expect(run(errorStatusIsError, windows())).toEqual(['pass ERR-1']);
    expect(run(errorStatusIsError, jsonOk())).toEqual([]);
  });

  it('fails 200 with an error body; without world control nothing else breaks', () => {
    const x = exchange({
      probe: sampleProbe({ keyPairName: 'noSuchKeyPair' }),
      body: jsonError('InvalidKeyPairName.NotFound', KP_NOT_FOUND),
      status: 200,
      withWorld: false,
    });
    expect(run(errorStatusIsError, x)).toEqual(['fail ERR-1']);
    expect(broken(runChecks(x))).toEqual(['ERR-1']);
  });

  it('fails an error status carrying a success body', () => {
    expect(
      run(
        errorStatusIsError,
        exchange({ probe: sampleProbe(), body: JSON_SAMPLE, status: 400, withWorld: false }),
      ),
    ).toEqual(['fail ERR-1']);
    expect(
      run(
        errorStatusIsError,
        exchange({ probe: sampleProbe({ format: 'XML' }), body: XML_SAMPLE, status: 500 }),
      ),
    ).toEqual(['fail ERR-1']);
  });
});

describe('errorBodyComplete (ERR-2)', () => {
  it('passes the error table in JSON and XML', () => {
    expect(run(errorBodyComplete, kpNotFound())).toEqual(['pass ERR-2']);
    expect(run(errorBodyComplete, kpNotFound(xmlError('InvalidKeyPairName.NotFound', KP_NOT_FOUND)))).toEqual(
      ['pass ERR-2'],
    );
  });

  it('fails an error without RequestId, and nothing else breaks', () => {
    const body = JSON.stringify({ HostId: HOST, Code: 'InvalidKeyPairName.NotFound', Message: KP_NOT_FOUND });
    const x = kpNotFound(body);
    expect(run(errorBodyComplete, x)).toEqual(['fail ERR-2']);
    expect(broken(runChecks(x))).toEqual(['ERR-2']);
  });

  it('fails an empty Message, a wrong XML root, an unparseable body', () => {
    expect(run(errorBodyComplete, kpNotFound(jsonError('InvalidKeyPairName.NotFound', '')))).toEqual([
      'fail ERR-2',
    ]);
    const root = xmlError('InvalidKeyPairName.NotFound', KP_NOT_FOUND).replaceAll('Error>', 'Response>');
    expect(run(errorBodyComplete, kpNotFound(root))).toEqual(['fail ERR-2']);
    expect(run(errorBodyComplete, kpNotFound('Bad Request', 'text/plain'))).toEqual(['fail ERR-2']);
  });

  it('warns without HostId (SHOULD)', () => {
    const body = JSON.stringify({
      RequestId: 'R',
      Code: 'InvalidKeyPairName.NotFound',
      Message: KP_NOT_FOUND,
    });
    expect(run(errorBodyComplete, kpNotFound(body))).toEqual(['warn ERR-2']);
  });
});

describe('hostIdIsHostHeader (GEN-4)', () => {
  it('passes a HostId equal to the Host header', () => {
    expect(run(hostIdIsHostHeader, kpNotFound())).toEqual(['pass GEN-4']);
  });

  it('warns on another host, and nothing else breaks', () => {
    const x = kpNotFound(
      jsonError('InvalidKeyPairName.NotFound', KP_NOT_FOUND, { HostId: 'ecs.cn-hangzhou.aliyuncs.com' }),
    );
    expect(run(hostIdIsHostHeader, x)).toEqual(['warn GEN-4']);
    expect(broken(runChecks(x))).toEqual(['GEN-4']);
  });
});

describe('noServerErrorOnBadInput (ERR-4)', () => {
  it('passes a 4xx for bad input, with and without world control', () => {
    expect(run(noServerErrorOnBadInput, kpNotFound())).toEqual(['pass ERR-4']);
    expect(run(noServerErrorOnBadInput, malformedIds())).toEqual(['pass ERR-4']);
    const noWorld = exchange({ ...malformedIdsSpec(), withWorld: false });
    expect(run(noServerErrorOnBadInput, noWorld)).toEqual(['pass ERR-4']);
  });

  it('does not apply to good input', () => {
    expect(run(noServerErrorOnBadInput, jsonOk())).toEqual([]);
    const internal = exchange({
      probe: sampleProbe(),
      body: jsonError('InternalError', 'x'),
      status: 500,
      withWorld: false,
    });
    expect(run(noServerErrorOnBadInput, internal)).toEqual([]);
  });

  it('fails a 500 for malformed InstanceIds; without world control nothing else breaks', () => {
    const x = exchange({
      ...malformedIdsSpec(),
      body: jsonError('InternalError', 'boom'),
      status: 500,
      withWorld: false,
    });
    expect(run(noServerErrorOnBadInput, x)).toEqual(['fail ERR-4']);
    expect(broken(runChecks(x))).toEqual(['ERR-4']);
  });

  it('fails a 500 for an unknown key pair judged by the oracle', () => {
    expect(run(noServerErrorOnBadInput, kpNotFound500())).toEqual(['fail ERR-4']);
  });

  it('leaves throttling and 503 ServiceUnavailable to the runner', () => {
    const throttled = exchange({
      ...malformedIdsSpec(),
      body: jsonError('Throttling.User', 'x'),
      status: 400,
    });
    const unavailable = exchange({
      ...malformedIdsSpec(),
      body: jsonError('ServiceUnavailable', 'x'),
      status: 503,
    });
    expect(run(noServerErrorOnBadInput, throttled)).toEqual([]);
    expect(run(noServerErrorOnBadInput, unavailable)).toEqual([]);
  });
});

function malformedIdsSpec() {
  return {
    probe: sampleProbe({ instanceIds: '["i-a", ' }),
    body: jsonError(
      'InvalidInstanceIds.ValueNotSupported',
      'The specified parameter InstanceIds is not valid.',
    ),
    status: 400,
  };
}

function kpNotFound500() {
  return exchange({
    probe: sampleProbe({ keyPairName: 'noSuchKeyPair' }),
    body: jsonError('InternalError', 'boom'),
    status: 500,
  });
}

describe('errorChangesNothing (ERR-3, WIN-2, ID-3, KP-2, AU-8)', () => {
  it('passes an error that left the world alone, naming the specific rule', () => {
    expect(run(errorChangesNothing, kpNotFound())).toEqual(['pass ERR-3']);
    expect(run(errorChangesNothing, windows())).toEqual(['pass WIN-2']);
  });

  it('fails ERR-3 when an unknown key pair still unbinds an instance, and nothing else breaks', () => {
    const x = exchange({
      probe: sampleProbe({ keyPairName: 'noSuchKeyPair' }),
      body: jsonError('InvalidKeyPairName.NotFound', KP_NOT_FOUND),
      status: 400,
      worldAfter: detached(A),
    });
    expect(run(errorChangesNothing, x)).toEqual(['fail ERR-3']);
    expect(broken(runChecks(x))).toEqual(['ERR-3']);
  });

  it('fails WIN-2 when the Windows rejection detached the Linux instance, and nothing else breaks', () => {
    const x = windows(detached(A));
    expect(run(errorChangesNothing, x)).toEqual(['fail WIN-2']);
    expect(broken(runChecks(x))).toEqual(['WIN-2']);
  });

  it('blames AU-8 after a failed signature, KP-2 for a key pair of another region, ID-3 for 51 IDs', () => {
    const auth = exchange({
      probe: sampleProbe({ breakage: 'wrong-signature' }),
      body: jsonError('SignatureDoesNotMatch', 'Specified signature is not matched with our calculation.'),
      status: 400,
      worldAfter: detached(A),
    });
    const kp2 = exchange({
      probe: sampleProbe({ keyPairName: 'onlyInHangzhou' }),
      body: jsonError('InvalidKeyPairName.NotFound', KP_NOT_FOUND),
      status: 400,
      worldAfter: detached(A),
    });
    const many = Array.from({ length: 51 }, (_, i) => `i-m5emany${String(i).padStart(12, '0')}`);
    const id3 = exchange({
      probe: sampleProbe({}, [A, ...many]),
      body: jsonError(
        'InvalidInstanceIds.ValueNotSupported',
        'The specified parameter InstanceIds is not valid.',
      ),
      status: 400,
      worldAfter: detached(A),
    });
    expect(run(errorChangesNothing, auth)).toEqual(['fail AU-8']);
    expect(run(errorChangesNothing, kp2)).toEqual(['fail KP-2']);
    expect(run(errorChangesNothing, id3)).toEqual(['fail ID-3']);
  });

  it('does not apply without world control or to successes', () => {
    expect(run(errorChangesNothing, exchange({ ...malformedIdsSpec(), withWorld: false }))).toEqual([]);
    expect(run(errorChangesNothing, jsonOk())).toEqual([]);
  });
});

describe('operationDetachesBoundInstances (ST-0)', () => {
  it('passes the samples', () => {
    expect(run(operationDetachesBoundInstances, jsonOk())).toEqual(['pass ST-0']);
    expect(run(operationDetachesBoundInstances, xmlOk())).toEqual(['pass ST-0']);
  });

  it('fails a bound instance reported as a failure, and nothing else breaks', () => {
    const body = jsonSuccess([entry(A, false, 'InternalError'), entry(B, true)]);
    const x = exchange({ probe: sampleProbe(), body, worldAfter: detached(B) });
    expect(run(operationDetachesBoundInstances, x)).toEqual(['fail ST-0']);
    expect(broken(runChecks(x))).toEqual(['ST-0']);
  });

  it('judges the world when the results cannot be read', () => {
    const x = exchange({
      probe: sampleProbe(),
      body: 'OK',
      contentType: 'text/plain',
      worldAfter: detached(B),
    });
    expect(run(operationDetachesBoundInstances, x)).toEqual(['fail ST-0']);
    const y = exchange({ probe: sampleProbe(), body: 'OK', contentType: 'text/plain' });
    expect(run(operationDetachesBoundInstances, y)).toEqual(['pass ST-0']);
  });

  it('does not apply without world control', () => {
    expect(
      run(
        operationDetachesBoundInstances,
        exchange({ probe: sampleProbe(), body: JSON_SAMPLE, withWorld: false }),
      ),
    ).toEqual([]);
  });
});

describe('successfulResultsAreUnbound (ST-1)', () => {
  it('passes the samples', () => {
    expect(run(successfulResultsAreUnbound, jsonOk())).toEqual(['pass ST-1']);
    expect(run(successfulResultsAreUnbound, xmlOk())).toEqual(['pass ST-1']);
  });

  it('fails Success true for an instance still bound, and nothing else breaks', () => {
    const x = exchange({ probe: sampleProbe(), body: JSON_SAMPLE, worldAfter: detached(B) });
    expect(run(successfulResultsAreUnbound, x)).toEqual(['fail ST-1']);
    expect(broken(runChecks(x))).toEqual(['ST-1']);
  });

  it('judges a case-variant match against the stored key pair (KP-3)', () => {
    const x = exchange({
      probe: sampleProbe({ keyPairName: 'TESTKEYPAIRNAME' }),
      body: JSON_SAMPLE,
      worldAfter: detached(A),
    });
    expect(run(successfulResultsAreUnbound, x)).toEqual(['fail ST-1']);
  });
});

describe('failedInstancesUnchanged (ST-2)', () => {
  const probe = sampleProbe({}, [A, D]);
  const body = jsonSuccess([entry(A, true), entry(D, false)]);

  it('passes an unbound instance left alone', () => {
    expect(run(failedInstancesUnchanged, exchange({ probe, body }))).toEqual(['pass ST-2']);
    expect(run(failedInstancesUnchanged, jsonOk())).toEqual([]);
  });

  it('fails a failed instance that changed anyway, and nothing else breaks', () => {
    const x = exchange({ probe, body, worldAfter: withInstance(detached(A), D, { osType: 'windows' }) });
    expect(run(failedInstancesUnchanged, x)).toEqual(['fail ST-2']);
    expect(broken(runChecks(x))).toEqual(['ST-2']);
  });

  it('does not hold a later failed occurrence against an earlier detach (ID-7)', () => {
    const x = exchange({
      probe: sampleProbe({}, [A, A]),
      body: jsonSuccess([entry(A, true), entry(A, false)]),
    });
    expect(run(failedInstancesUnchanged, x)).toEqual([]);
  });
});

describe('noCollateralChange (ST-3)', () => {
  it('passes the samples', () => {
    expect(run(noCollateralChange, jsonOk())).toEqual(['pass ST-3']);
  });

  it('fails when an instance not named changes, and nothing else breaks', () => {
    const x = exchange({
      probe: sampleProbe(),
      body: JSON_SAMPLE,
      worldAfter: withInstance(detached(A, B), W, { keyPairName: null }),
    });
    expect(run(noCollateralChange, x)).toEqual(['fail ST-3']);
    expect(broken(runChecks(x))).toEqual(['ST-3']);
  });

  it('fails when a key pair disappears or an instance of another region changes', () => {
    const gone: World = { ...detached(A, B), keyPairs: world.keyPairs.slice(1) };
    expect(
      run(noCollateralChange, exchange({ probe: sampleProbe(), body: JSON_SAMPLE, worldAfter: gone })),
    ).toEqual(['fail ST-3']);
    const far = withInstance(detached(A, B), H, { keyPairName: null });
    expect(
      run(noCollateralChange, exchange({ probe: sampleProbe(), body: JSON_SAMPLE, worldAfter: far })),
    ).toEqual(['fail ST-3']);
  });
});

describe('otherKeyPairNeverUnbound (ST-4)', () => {
  const probe = sampleProbe({}, [A, C]);

  it('passes and reports a per-instance failure or a successful no-op', () => {
    const failure = exchange({ probe, body: jsonSuccess([entry(A, true), entry(C, false)]) });
    const noop = exchange({ probe, body: jsonSuccess([entry(A, true), entry(C, true)]) });
    expect(run(otherKeyPairNeverUnbound, failure)).toEqual(['pass ST-4', 'report ST-4']);
    expect(observed(otherKeyPairNeverUnbound.run(failure))).toEqual([
      'ST-4: not bound: per-instance failure',
    ]);
    expect(observed(otherKeyPairNeverUnbound.run(noop))).toEqual(['ST-4: not bound: successful no-op']);
    expect(broken(runChecks(noop))).toEqual([]);
  });

  it('fails when the other key pair is unbound, and nothing else breaks', () => {
    const x = exchange({
      probe,
      body: jsonSuccess([entry(A, true), entry(C, true)]),
      worldAfter: detached(A, C),
    });
    expect(run(otherKeyPairNeverUnbound, x)).toEqual(['fail ST-4']);
    expect(broken(runChecks(x))).toEqual(['ST-4']);
  });
});

describe('unknownInstancesFail (ST-5)', () => {
  const probe = sampleProbe({}, [A, UNKNOWN]);

  it('passes and reports a per-instance failure', () => {
    const x = exchange({
      probe,
      body: jsonSuccess([entry(A, true), entry(UNKNOWN, false, 'InvalidInstanceId.NotFound')]),
    });
    expect(run(unknownInstancesFail, x)).toEqual(['pass ST-5', 'report ST-5']);
    expect(observed(unknownInstancesFail.run(x))).toEqual(['ST-5: unknown instance: per-instance failure']);
    expect(broken(runChecks(x))).toEqual([]);
  });

  it('fails Success true for an unknown instance, and nothing else breaks', () => {
    const x = exchange({ probe, body: jsonSuccess([entry(A, true), entry(UNKNOWN, true)]) });
    expect(run(unknownInstancesFail, x)).toEqual(['fail ST-5']);
    expect(broken(runChecks(x))).toEqual(['ST-5']);
  });

  it('fails when an instance named from another region is detached there', () => {
    const x = exchange({
      probe: sampleProbe({}, [A, H]),
      body: jsonSuccess([entry(A, true), entry(H, false, 'InvalidInstanceId.NotFound')]),
      worldAfter: detached(A, H),
    });
    expect(run(unknownInstancesFail, x)).toEqual(['fail ST-5']);
  });
});

describe('outcomeIsAcceptable (the oracle verdict)', () => {
  it('passes the Windows 403', () => {
    expect(run(outcomeIsAcceptable, windows())).toEqual(['pass WIN-1']);
  });

  it('warns on an undocumented Windows message (WIN-1 SHOULD clause), a trailing period accepted', () => {
    const period = exchange({
      probe: sampleProbe({}, [A, W]),
      body: jsonError('DependencyViolation.WindowsInstance', `${WINDOWS}.`),
      status: 403,
    });
    const other = exchange({
      probe: sampleProbe({}, [A, W]),
      body: jsonError('DependencyViolation.WindowsInstance', 'Windows is not supported'),
      status: 403,
    });
    expect(run(outcomeIsAcceptable, period)).toEqual(['pass WIN-1']);
    expect(run(outcomeIsAcceptable, other)).toEqual(['warn WIN-1']);
  });

  it('fails AU-8 when a wrong signature gets InvalidKeyPairName.NotFound', () => {
    const x = exchange({
      probe: sampleProbe({ keyPairName: 'noSuchKeyPair', breakage: 'wrong-signature' }),
      body: jsonError('InvalidKeyPairName.NotFound', KP_NOT_FOUND),
      status: 400,
    });
    expect(run(outcomeIsAcceptable, x)).toEqual(['fail AU-8']);
  });

  it('accepts any applicable code when two conditions hold', () => {
    const probe = sampleProbe({ regionId: null, instanceIds: '{"a":1}' });
    const missing = exchange({ probe, body: jsonError('MissingParameter.RegionId', 'x'), status: 400 });
    const invalid = exchange({
      probe,
      body: jsonError('InvalidInstanceIds.ValueNotSupported', 'x'),
      status: 400,
    });
    expect(run(outcomeIsAcceptable, missing)).toEqual(['pass RQ-4']);
    expect(run(outcomeIsAcceptable, invalid)).toEqual(['pass ID-4']);
  });

  it('blames ID-2 when exactly 50 IDs are rejected', () => {
    const ids = Array.from({ length: 50 }, (_, i) => `i-m5efifty${String(i).padStart(10, '0')}`);
    const fifty: World = {
      ...world,
      instances: ids.map((instanceId) => ({
        regionId: REGION,
        instanceId,
        osType: 'linux' as const,
        keyPairName: KEY_PAIR,
      })),
    };
    const x = exchange({
      world: fifty,
      probe: sampleProbe({}, ids),
      body: jsonError(
        'InvalidInstanceIds.ValueNotSupported',
        'The specified parameter InstanceIds is not valid.',
      ),
      status: 400,
    });
    expect(run(outcomeIsAcceptable, x)).toEqual(['fail ID-2']);
  });

  it('reports a whole-request rejection of an unknown instance (ST-5)', () => {
    const x = exchange({
      probe: sampleProbe({}, [A, UNKNOWN]),
      body: jsonError('InvalidInstanceId.NotFound', 'The specified InstanceId does not exist.'),
      status: 404,
    });
    expect(run(outcomeIsAcceptable, x)).toEqual(['pass ST-5', 'report ST-5']);
  });

  it('warns KP-1 on 404, the 2018 status', () => {
    expect(run(outcomeIsAcceptable, kpNotFound())).toEqual(['pass KP-1']);
    const x = exchange({
      probe: sampleProbe({ keyPairName: 'noSuchKeyPair' }),
      body: jsonError('InvalidKeyPairName.NotFound', KP_NOT_FOUND),
      status: 404,
    });
    expect(run(outcomeIsAcceptable, x)).toEqual(['warn KP-1']);
  });

  it('passes KP-3 when a case variant of the key pair is not found, warns when it is matched anyway', () => {
    const variant = sampleProbe({ keyPairName: 'TESTKEYPAIRNAME' });
    const notFound = exchange({
      probe: variant,
      body: jsonError('InvalidKeyPairName.NotFound', KP_NOT_FOUND),
      status: 400,
    });
    expect(run(outcomeIsAcceptable, notFound)).toEqual(['pass KP-3']);
    const matched = exchange({ probe: variant, body: JSON_SAMPLE, worldAfter: detached(A) });
    expect(run(outcomeIsAcceptable, matched)).toEqual(['warn KP-3']);
  });

  it('warns, not fails, a wrong status on a SHOULD-level rejection (ID-5)', () => {
    const x = exchange({
      probe: sampleProbe({ instanceIds: '[]' }),
      body: jsonError('InvalidInstanceIds.ValueNotSupported', 'x'),
      status: 403,
    });
    expect(run(outcomeIsAcceptable, x)).toEqual(['warn ID-5']);
  });
});

describe('worldDiff', () => {
  it('ignores order and access keys, and names every difference', () => {
    const shuffled: World = {
      ...world,
      accessKeys: [],
      instances: [...world.instances].reverse(),
      regions: [...world.regions].reverse(),
    };
    expect(sameWorld(world, shuffled)).toBe(true);
    const changed: World = {
      ...detached(A),
      keyPairs: world.keyPairs.slice(1),
      regions: [...world.regions, 'cn-beijing'],
    };
    expect(worldDiff(world, changed)).toEqual([
      'region cn-beijing added',
      'key pair "testKeyPairName" in "cn-qingdao" removed',
      `instance "${A}" keyPairName: "testKeyPairName" → null`,
    ]);
    expect(worldDiff(world, withInstance(world, D, null))).toEqual([
      `instance "${D}" removed from "cn-qingdao"`,
    ]);
  });

  it('never prints a secret', () => {
    const other: World = {
      ...world,
      accessKeys: [{ accessKeyId: 'x', accessKeySecret: 'super-secret' }],
      regions: [],
    };
    expect(worldDiff(world, other).join('\n')).not.toContain('secret');
  });
});

describe('runChecks', () => {
  it('turns a throwing check into an error outcome for each of its rules, and runs the others', () => {
    const throwing: Check = {
      name: 'throwing',
      rules: ['OK-5', 'OK-6'],
      run() {
        throw new Error('boom');
      },
    };
    const outcomes = runChecks(jsonOk(), [throwing, totalCountMatchesResults]);
    expect(outcomes).toEqual([
      { status: 'error', rule: 'OK-5', message: 'check throwing threw: boom' },
      { status: 'error', rule: 'OK-6', message: 'check throwing threw: boom' },
      { status: 'pass', rule: 'OK-5' },
    ]);
  });

  it('registers every check once, the one-per-rule views of outcomeIsAcceptable first, each judging only the rules it declares', () => {
    expect(checks.slice(0, conditionChecks.length)).toEqual(conditionChecks);
    // Together the condition checks say exactly what outcomeIsAcceptable says.
    for (const x of [jsonOk(), kpNotFound(), windows(detached(A)), malformedIds()]) {
      const sliced = conditionChecks
        .flatMap((c) => c.run(x))
        .map((o) => JSON.stringify(o))
        .sort();
      const whole = outcomeIsAcceptable
        .run(x)
        .map((o) => JSON.stringify(o))
        .sort();
      expect(sliced).toEqual(whole);
    }
    expect(new Set(checks.map((c) => c.name)).size).toBe(checks.length);
    const exchanges = [jsonOk(), xmlOk(), kpNotFound(), windows(detached(A)), malformedIds()];
    for (const check of checks) {
      for (const x of exchanges) {
        for (const outcome of check.run(x)) expect(check.rules).toContain(outcome.rule);
      }
    }
  });
});
