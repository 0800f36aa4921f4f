import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { errorDocumentOf, errorSpec } from '../../properties/arbitraries/errorDocument.ts';
import {
  extrasSpec,
  successDocumentOf,
  successSpec,
  withExtras,
} from '../../properties/arbitraries/successDocument.ts';
import { decodeResponse } from '../wire/decodeResponse.ts';
import { renderServed, type ServedFormat } from './renderServed.ts';
import {
  expectedError,
  expectedSuccess,
  hasExtras,
  type SuccessDocument,
  withoutExtras,
} from './ServedDocument.ts';

const formats: ServedFormat[] = ['json', 'xml'];

/** What the wire decoder reads from a rendered success, by value, in the shape of expectedSuccess. */
function decodedValues(document: SuccessDocument, format: ServedFormat) {
  const decoded = decodeResponse(renderServed({ kind: 'success', document }, format));
  const documented = (fields: Record<string, { value: string }>, names: readonly string[]) =>
    Object.fromEntries(names.filter((n) => fields[n] !== undefined).map((n) => [n, fields[n]?.value]));
  return {
    parseError: decoded.parseError,
    container: decoded.results.container,
    fields: documented(decoded.fields, ['RequestId', 'KeyPairName', 'TotalCount', 'FailCount']),
    results: decoded.results.entries.map((e) => documented(e, ['InstanceId', 'Success', 'Code', 'Message'])),
  };
}

describe('renderServed (what the stub serves a client)', () => {
  it('JSON keeps member order and JSON forms (OK-9); XML writes text and escapes specials', () => {
    const document: SuccessDocument = {
      members: [
        { kind: 'scalar', name: 'TotalCount', value: 1 },
        { kind: 'scalar', name: 'RequestId', value: 'R' },
        {
          kind: 'results',
          before: [],
          after: [],
          entries: [
            [
              { kind: 'scalar', name: 'Success', value: true },
              { kind: 'scalar', name: 'InstanceId', value: 'i-<&>' },
              { kind: 'scalar', name: 'Code', value: 200 },
              { kind: 'scalar', name: 'Message', value: 'successful' },
            ],
          ],
        },
        { kind: 'scalar', name: 'FailCount', value: '0' },
      ],
    };
    const json = renderServed({ kind: 'success', document }, 'json');
    expect(json.headers['content-type']).toBe('application/json;charset=utf-8');
    expect(new TextDecoder().decode(json.body)).toBe(
      '{"TotalCount":1,"RequestId":"R","Results":{"Result":[{"Success":true,"InstanceId":"i-<&>","Code":200,"Message":"successful"}]},"FailCount":"0"}',
    );
    const xml = new TextDecoder().decode(renderServed({ kind: 'success', document }, 'xml').body);
    expect(xml).toContain('<Results><Result><Success>true</Success><InstanceId>i-&lt;&amp;&gt;</InstanceId>');
  });

  it('serves a verbatim sample only in its own format; errors carry their status and TR-5 content type', () => {
    const plan = { kind: 'success' as const, document: { members: [] }, verbatim: { xml: '<X/>' } };
    expect(new TextDecoder().decode(renderServed(plan, 'xml').body)).toBe('<X/>');
    expect(new TextDecoder().decode(renderServed(plan, 'json').body)).toBe('{}');
    const error = errorDocumentOf({
      Code: 'ServiceUnavailable',
      alternativeStatus: false,
      RequestId: 'R',
      HostId: 'h',
      parameter: 'RegionId',
      recommend: false,
      order: [0, 0, 0, 0, 0],
    });
    const served = renderServed({ kind: 'error', document: error }, 'xml');
    expect(served.status).toBe(503);
    expect(served.headers['content-type']).toBe('text/xml;charset=utf-8');
  });

  it('every generated success decodes, in both formats, to exactly its expected values (CL-5 judges against these)', () => {
    fc.assert(
      fc.property(successSpec(), (spec) => {
        const document = successDocumentOf(spec);
        for (const format of formats) {
          const decoded = decodedValues(document, format);
          expect(decoded.parseError).toBeUndefined();
          expect(decoded.container).toBe('array');
          expect({ fields: decoded.fields, results: decoded.results }).toEqual(expectedSuccess(document));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('unknown extra members at any depth change no documented value, in both formats (CL-7)', () => {
    fc.assert(
      fc.property(successSpec(), extrasSpec(), (spec, extras) => {
        const plain = successDocumentOf(spec);
        const extended = withExtras(plain, extras);
        expect(hasExtras(extended)).toBe(true);
        expect(withoutExtras(extended)).toEqual(withoutExtras(plain));
        for (const format of formats) {
          const decoded = decodedValues(extended, format);
          expect(decoded.parseError).toBeUndefined();
          expect({ fields: decoded.fields, results: decoded.results }).toEqual(expectedSuccess(plain));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('a per-entry extra that falls on no result still leaves the document with an extra (found at seed -203157309)', () => {
    const spec = fc.sample(successSpec(), { seed: 1, numRuns: 1 })[0];
    if (spec === undefined) throw new Error('no sample');
    const oneResult = { ...spec, results: spec.results.slice(0, 1) };
    const extras = {
      top: [],
      before: [],
      after: [],
      perEntry: [
        { at: 0, members: [] },
        { at: 0, members: [{ kind: 'extra' as const, name: 'NextToken', value: '' }] },
      ],
    };
    expect(hasExtras(withExtras(successDocumentOf(oneResult), extras))).toBe(true);
  });

  it('every generated catalogue error decodes to its Code, Message and RequestId with its status', () => {
    fc.assert(
      fc.property(errorSpec(), (spec) => {
        const document = errorDocumentOf(spec);
        const want = expectedError(document);
        for (const format of formats) {
          const decoded = decodeResponse(renderServed({ kind: 'error', document }, format));
          expect(decoded.status).toBe(want.status);
          expect(decoded.fields.Code?.value).toBe(want.Code);
          expect(decoded.fields.Message?.value).toBe(want.Message);
          expect(decoded.fields.RequestId?.value).toBe(want.RequestId);
        }
      }),
      { numRuns: 40 },
    );
  });
});
