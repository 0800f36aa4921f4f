import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { referenceJsonSample, referenceXmlSample } from '../../fixtures/documented/referenceSamples.ts';
import { type DecodedResponse, decodeResponse } from './decodeResponse.ts';
import type { WireResponse } from './WireMessage.ts';

const XML_SAMPLE = referenceXmlSample;

const JSON_SAMPLE = referenceJsonSample;

const XML_TYPE = 'text/xml;charset=utf-8';
const JSON_TYPE = 'application/json;charset=utf-8';

function wire(body: string, contentType?: string, status = 200): WireResponse {
  const headers: Record<string, string> = contentType === undefined ? {} : { 'content-type': contentType };
  return { status, headers, body: new TextEncoder().encode(body) };
}

/** Values only: what FM-1 compares (results as a set keyed by InstanceId). */
function byValue(decoded: DecodedResponse): unknown {
  const values = (record: Record<string, { value: string }>) =>
    Object.fromEntries(Object.entries(record).map(([key, s]) => [key, s.value]));
  const entries = decoded.results.entries.map(values);
  entries.sort((a, b) => String(a.InstanceId).localeCompare(String(b.InstanceId)));
  return { fields: values(decoded.fields), results: entries };
}

describe('decodeResponse: the reference samples (OK-1, OK-3, OK-9, FM-1)', () => {
  it('decodes the XML sample keeping every scalar as a string', () => {
    const decoded = decodeResponse(wire(XML_SAMPLE, XML_TYPE));
    expect(decoded.status).toBe(200);
    expect(decoded.contentType).toBe(XML_TYPE);
    expect(decoded.format).toBe('xml');
    expect(decoded.parseError).toBeUndefined();
    expect(decoded.root).toBe('DetachKeyPairResponse');
    expect(decoded.fields).toEqual({
      TotalCount: { raw: '2', form: 'string', value: '2' },
      RequestId: {
        raw: '834B3E6B-2D1D-482F-81A4-810C327D4735',
        form: 'string',
        value: '834B3E6B-2D1D-482F-81A4-810C327D4735',
      },
      FailCount: { raw: '0', form: 'string', value: '0' },
    });
    expect(decoded.results.container).toBe('array');
    expect(decoded.results.entries).toHaveLength(2);
    expect(decoded.results.entries[0]).toEqual({
      Message: { raw: 'successful', form: 'string', value: 'successful' },
      InstanceId: { raw: 'i-m5eg7be9ndloji64****', form: 'string', value: 'i-m5eg7be9ndloji64****' },
      Success: { raw: 'true', form: 'string', value: 'true' },
      Code: { raw: '200', form: 'string', value: '200' },
    });
  });

  it('decodes the JSON sample keeping numbers and booleans as received', () => {
    const decoded = decodeResponse(wire(JSON_SAMPLE, JSON_TYPE));
    expect(decoded.format).toBe('json');
    expect(decoded.parseError).toBeUndefined();
    expect('root' in decoded).toBe(false);
    expect(decoded.fields.TotalCount).toEqual({ raw: 2, form: 'number', value: '2' });
    expect(decoded.fields.FailCount).toEqual({ raw: 0, form: 'number', value: '0' });
    expect(decoded.results.container).toBe('array');
    expect(decoded.results.entries).toHaveLength(2);
    expect(decoded.results.entries[1]?.Success).toEqual({ raw: true, form: 'boolean', value: 'true' });
    expect(decoded.results.entries[1]?.Code).toEqual({ raw: '200', form: 'string', value: '200' });
    expect(decoded.document).toEqual(JSON.parse(JSON_SAMPLE));
  });

  it('gives the XML and JSON samples the same values', () => {
    const xml = decodeResponse(wire(XML_SAMPLE, XML_TYPE));
    const json = decodeResponse(wire(JSON_SAMPLE, JSON_TYPE));
    expect(byValue(xml)).toEqual(byValue(json));
  });

  it('compares results as a set: order does not matter by value', () => {
    const swapped = JSON.parse(JSON_SAMPLE) as { Results: { Result: unknown[] } };
    swapped.Results.Result.reverse();
    const json = decodeResponse(wire(JSON.stringify(swapped), JSON_TYPE));
    expect(byValue(json)).toEqual(byValue(decodeResponse(wire(XML_SAMPLE, XML_TYPE))));
  });

  it('exposes the XML root content as the document', () => {
    const decoded = decodeResponse(wire(XML_SAMPLE, XML_TYPE));
    expect(decoded.document).toMatchObject({ TotalCount: '2', FailCount: '0' });
  });
});

describe('decodeResponse: Results.Result containers (OK-3)', () => {
  it('makes one XML <Result> an array of one entry', () => {
    const body =
      '<DetachKeyPairResponse><RequestId>R</RequestId><TotalCount>1</TotalCount><FailCount>0</FailCount>' +
      '<Results><Result><InstanceId>i-a</InstanceId><Success>true</Success><Code>200</Code>' +
      '<Message>successful</Message></Result></Results></DetachKeyPairResponse>';
    const decoded = decodeResponse(wire(body, XML_TYPE));
    expect(decoded.results.container).toBe('array');
    expect(decoded.results.entries).toHaveLength(1);
    expect(decoded.results.entries[0]?.InstanceId?.value).toBe('i-a');
  });

  it('makes an empty XML <Results> an empty array and an absent one missing', () => {
    for (const results of ['<Results/>', '<Results></Results>', '<Results>\n  </Results>']) {
      const decoded = decodeResponse(
        wire(`<DetachKeyPairResponse>${results}</DetachKeyPairResponse>`, XML_TYPE),
      );
      expect(decoded.results).toEqual({ container: 'array', entries: [] });
      expect(decoded.fields).toEqual({});
    }
    const none = decodeResponse(
      wire('<DetachKeyPairResponse><RequestId>R</RequestId></DetachKeyPairResponse>'),
    );
    expect(none.results).toEqual({ container: 'missing', entries: [] });
  });

  it('decodes an empty XML <Result/> as an entry without fields', () => {
    const decoded = decodeResponse(wire('<R><Results><Result/><Result></Result></Results></R>', XML_TYPE));
    expect(decoded.results).toEqual({ container: 'array', entries: [{}, {}] });
  });

  it('ignores unknown XML siblings of <Result> and calls text-only or repeated <Results> invalid', () => {
    const extra = decodeResponse(wire('<R><Results><Other>1</Other><Result><A>x</A></Result></Results></R>'));
    expect(extra.results.container).toBe('array');
    expect(extra.results.entries).toEqual([{ A: { raw: 'x', form: 'string', value: 'x' } }]);
    expect(decodeResponse(wire('<R><Results>text</Results></R>')).results.container).toBe('invalid');
    expect(decodeResponse(wire('<R><Results/><Results/></R>')).results.container).toBe('invalid');
  });

  it('does not force <Result> to a list outside the top-level <Results>', () => {
    const decoded = decodeResponse(wire('<R><Other><Result>1</Result></Other></R>', XML_TYPE));
    expect(decoded.document).toEqual({ Other: { Result: '1' } });
  });

  it('reports a JSON Result that is a single object as container object', () => {
    const body = '{"RequestId":"R","Results":{"Result":{"InstanceId":"i-a","Success":true,"Code":200}}}';
    const decoded = decodeResponse(wire(body, JSON_TYPE));
    expect(decoded.results.container).toBe('object');
    expect(decoded.results.entries).toEqual([
      {
        InstanceId: { raw: 'i-a', form: 'string', value: 'i-a' },
        Success: { raw: true, form: 'boolean', value: 'true' },
        Code: { raw: 200, form: 'number', value: '200' },
      },
    ]);
  });

  it('reports Results that is itself an array as bare-array, with its entries', () => {
    const decoded = decodeResponse(
      wire('{"Results":[{"InstanceId":"i-a"},{"InstanceId":"i-b"}]}', JSON_TYPE),
    );
    expect(decoded.results.container).toBe('bare-array');
    expect(decoded.results.entries.map((entry) => entry.InstanceId?.value)).toEqual(['i-a', 'i-b']);
  });

  it('reports missing and invalid JSON shapes', () => {
    const container = (body: string) => decodeResponse(wire(body, JSON_TYPE)).results;
    expect(container('{"RequestId":"R"}')).toEqual({ container: 'missing', entries: [] });
    expect(container('[]')).toEqual({ container: 'missing', entries: [] });
    for (const results of ['{}', 'null', '"x"', '1', '{"Result":null}', '{"Result":"x"}', '{"Result":1}']) {
      expect(container(`{"Results":${results}}`)).toEqual({ container: 'invalid', entries: [] });
    }
    expect(container('{"Results":{"Result":[]}}')).toEqual({ container: 'array', entries: [] });
  });

  it('decodes non-object JSON entries as entries without fields', () => {
    const decoded = decodeResponse(
      wire('{"Results":{"Result":[1,null,[],{"InstanceId":"i-a"}]}}', JSON_TYPE),
    );
    expect(decoded.results.container).toBe('array');
    expect(decoded.results.entries).toHaveLength(4);
    expect(decoded.results.entries.slice(0, 3)).toEqual([{}, {}, {}]);
  });
});

describe('decodeResponse: fields', () => {
  it('decodes an empty XML element as the empty string', () => {
    for (const element of ['<KeyPairName/>', '<KeyPairName></KeyPairName>']) {
      const decoded = decodeResponse(
        wire(`<DetachKeyPairResponse>${element}</DetachKeyPairResponse>`, XML_TYPE),
      );
      expect(decoded.fields.KeyPairName).toEqual({ raw: '', form: 'string', value: '' });
    }
  });

  it('keeps whitespace inside an element exactly: it may be part of an ID or a name (OK-7, OK-10)', () => {
    const body =
      '<DetachKeyPairResponse><KeyPairName>  </KeyPairName><RequestId>\u00a0r </RequestId></DetachKeyPairResponse>';
    const decoded = decodeResponse(wire(body, XML_TYPE));
    expect(decoded.fields.KeyPairName?.value).toBe('  ');
    expect(decoded.fields.RequestId?.value).toBe('\u00a0r ');
  });

  it('keeps XML text as received, without reading numbers or booleans', () => {
    const decoded = decodeResponse(wire('<R><A>007</A><B>1e3</B><C>TRUE</C><D>  padded </D></R>', XML_TYPE));
    expect(decoded.fields).toEqual({
      A: { raw: '007', form: 'string', value: '007' },
      B: { raw: '1e3', form: 'string', value: '1e3' },
      C: { raw: 'TRUE', form: 'string', value: 'TRUE' },
      D: { raw: '  padded ', form: 'string', value: '  padded ' },
    });
  });

  it('decodes XML entities and CDATA', () => {
    const decoded = decodeResponse(
      wire('<R><M>a &amp; b &lt;c&gt; &#233;&#x41;</M><N><![CDATA[x<y]]></N></R>'),
    );
    expect(decoded.fields.M?.value).toBe('a & b <c> éA');
    expect(decoded.fields.N?.value).toBe('x<y');
  });

  it('decodes each reference once and leaves unknown or illegal ones as written', () => {
    const body = '<R><A>&amp;#65;</A><B>&#x1F511;&#128273;</B><C>&nbsp;&unknown;</C><D>&#0;&#xD800;</D></R>';
    const decoded = decodeResponse(wire(body, XML_TYPE));
    expect(decoded.fields.A?.value).toBe('&#65;');
    expect(decoded.fields.B?.value).toBe('🔑🔑');
    expect(decoded.fields.C?.value).toBe('&nbsp;&unknown;');
    expect(decoded.fields.D?.value).toBe('&#0;&#xD800;');
  });

  it('expands DOCTYPE entities within a limit', () => {
    const small = decodeResponse(wire('<!DOCTYPE R [<!ENTITY e "ent">]><R><A>&e;-&e;</A></R>', XML_TYPE));
    expect(small.fields.A?.value).toBe('ent-ent');
    const big = `<!DOCTYPE R [<!ENTITY e "${'x'.repeat(9000)}">]><R><A>${'&e;'.repeat(200)}</A></R>`;
    const decoded = decodeResponse(wire(big, XML_TYPE));
    expect(decoded.parseError).toMatch(/^invalid XML: .*expansion/);
  });

  it('skips the XML declaration, processing instructions, comments and a BOM when finding the root', () => {
    const body =
      '\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<?pi x?><!-- c -->\n<DetachKeyPairResponse><RequestId>R</RequestId></DetachKeyPairResponse>\n';
    const decoded = decodeResponse(wire(body, XML_TYPE));
    expect(decoded.parseError).toBeUndefined();
    expect(decoded.root).toBe('DetachKeyPairResponse');
    expect(decoded.fields.RequestId?.value).toBe('R');
  });

  it('ignores XML attributes and keeps element names that are JavaScript reserved words (CL-7)', () => {
    const body =
      '<R a="1"><RequestId x="y">R</RequestId><constructor>c</constructor><__proto__>p</__proto__>' +
      '<toString/><hasOwnProperty>h</hasOwnProperty></R>';
    const decoded = decodeResponse(wire(body, XML_TYPE));
    expect(decoded.parseError).toBeUndefined();
    expect(Object.keys(decoded.fields)).toEqual([
      'RequestId',
      'constructor',
      '__proto__',
      'toString',
      'hasOwnProperty',
    ]);
    expect(Object.getOwnPropertyDescriptor(decoded.fields, '__proto__')?.value).toEqual({
      raw: 'p',
      form: 'string',
      value: 'p',
    });
    expect(Object.getPrototypeOf(decoded.fields)).toBe(Object.prototype);
  });

  it('leaves nested objects, lists and Results out of the fields', () => {
    const body = '{"RequestId":"R","Extra":{"A":1},"List":[1],"Nil":null,"Results":{"Result":[]}}';
    const decoded = decodeResponse(wire(body, JSON_TYPE));
    expect(decoded.fields).toEqual({
      RequestId: { raw: 'R', form: 'string', value: 'R' },
      Nil: { raw: null, form: 'null', value: '' },
    });
    const xml = decodeResponse(wire('<R><A>1</A><A>2</A><B><C>1</C></B><D>t<E/>u</D></R>', XML_TYPE));
    expect(xml.fields).toEqual({});
  });

  it('keeps a JSON "__proto__" member as an ordinary field', () => {
    const decoded = decodeResponse(wire('{"__proto__":"x","RequestId":"R"}', JSON_TYPE));
    expect(Object.getOwnPropertyDescriptor(decoded.fields, '__proto__')?.value).toEqual({
      raw: 'x',
      form: 'string',
      value: 'x',
    });
    expect(Object.getPrototypeOf(decoded.fields)).toBe(Object.prototype);
  });
});

describe('decodeResponse: errors (ERR-2, GEN-4)', () => {
  it('decodes an XML <Error>', () => {
    const body =
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n  <RequestId>540CFF28-407A-40B5-B6A5-74Bxxxxxxxxx</RequestId>\n' +
      '  <HostId>ecs.aliyuncs.com</HostId>\n  <Code>InvalidKeyPairName.NotFound</Code>\n' +
      '  <Message>The specified KeyPairName does not exist in our records.</Message>\n</Error>';
    const decoded = decodeResponse(wire(body, XML_TYPE, 400));
    expect(decoded.status).toBe(400);
    expect(decoded.root).toBe('Error');
    expect(decoded.results.container).toBe('missing');
    expect(Object.keys(decoded.fields)).toEqual(['RequestId', 'HostId', 'Code', 'Message']);
    expect(decoded.fields.Code?.value).toBe('InvalidKeyPairName.NotFound');
    expect(decoded.fields.Message?.value).toBe('The specified KeyPairName does not exist in our records.');
  });

  it('decodes a live-shaped JSON error body', () => {
    const body = JSON.stringify({
      RequestId: '540CFF28-407A-40B5-B6A5-74Bxxxxxxxxx',
      HostId: 'ecs.aliyuncs.com',
      Code: 'InvalidInstanceIds.ValueNotSupported',
      Message: 'The specified parameter InstanceIds is not valid.',
      Recommend: 'https://api.aliyun.com/troubleshoot?q=InvalidInstanceIds.ValueNotSupported',
    });
    const decoded = decodeResponse(wire(body, 'application/json; charset=UTF-8', 400));
    expect(decoded.format).toBe('json');
    expect(Object.keys(decoded.fields)).toEqual(['RequestId', 'HostId', 'Code', 'Message', 'Recommend']);
    expect(decoded.fields.HostId?.value).toBe('ecs.aliyuncs.com');
    expect(decoded.results.container).toBe('missing');
  });
});

describe('decodeResponse: malformed bodies never throw', () => {
  it('sets parseError for malformed JSON', () => {
    for (const body of ['{', '{"a":}', '', '<Error/>', '{"a":1}x']) {
      const decoded = decodeResponse(wire(body, JSON_TYPE));
      expect(decoded.format).toBe('json');
      expect(decoded.parseError).toMatch(/^invalid JSON/);
      expect(decoded.fields).toEqual({});
      expect(decoded.results).toEqual({ container: 'missing', entries: [] });
      expect(decoded.document).toBeUndefined();
    }
  });

  it('sets parseError for malformed XML', () => {
    for (const body of [
      '<R>',
      '<R></S>',
      '',
      'text',
      '{"a":1}',
      '<a/><b/>',
      '<a/><a/>',
      '  <?xml version="1.0"?><R/>',
    ]) {
      const decoded = decodeResponse(wire(body, XML_TYPE));
      expect(decoded.format).toBe('xml');
      expect(decoded.parseError).toMatch(/^invalid XML/);
      expect(decoded.root).toBeUndefined();
      expect(decoded.results.container).toBe('missing');
    }
  });

  it('sets parseError when the format is unknown', () => {
    for (const body of ['', '   ', 'Service Unavailable']) {
      const decoded = decodeResponse(wire(body, 'text/plain', 503));
      expect(decoded.format).toBe('unknown');
      expect(decoded.parseError).toBeDefined();
      expect(decoded.results.container).toBe('missing');
    }
  });

  it('never throws, whatever the bytes and content-type', () => {
    const contentType = fc.option(fc.constantFrom(XML_TYPE, JSON_TYPE, 'text/plain', 'application/xml'), {
      nil: undefined,
    });
    const body = fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      fc
        .string({ unit: fc.constantFrom(...'<>/{}[]":, aR?!-&;#x\n') })
        .map((s) => new TextEncoder().encode(s)),
    );
    fc.assert(
      fc.property(body, contentType, (bytes, type) => {
        const headers: Record<string, string> = type === undefined ? {} : { 'content-type': type };
        const decoded = decodeResponse({ status: 200, headers, body: bytes });
        expect(['json', 'xml', 'unknown']).toContain(decoded.format);
      }),
    );
  });
});

describe('decodeResponse: format from content-type, else sniffed (TR-4)', () => {
  it('reads the media type case-insensitively, ignoring parameters', () => {
    expect(decodeResponse(wire('{}', 'Application/JSON; charset=UTF-8')).format).toBe('json');
    expect(decodeResponse(wire('<R/>', 'application/xml')).format).toBe('xml');
    expect(decodeResponse(wire('<R/>', 'TEXT/XML ; charset=utf-8')).format).toBe('xml');
  });

  it('trusts the content-type over the body', () => {
    const xmlAsJson = decodeResponse(wire(XML_SAMPLE, JSON_TYPE));
    expect(xmlAsJson.format).toBe('json');
    expect(xmlAsJson.parseError).toBeDefined();
    const jsonAsXml = decodeResponse(wire(JSON_SAMPLE, XML_TYPE));
    expect(jsonAsXml.format).toBe('xml');
    expect(jsonAsXml.parseError).toBeDefined();
  });

  it('sniffs the first non-whitespace character when the content-type is absent or other', () => {
    const json = decodeResponse(wire(` \n\t${JSON_SAMPLE}`));
    expect(json.contentType).toBeUndefined();
    expect(json.format).toBe('json');
    expect(json.parseError).toBeUndefined();
    expect(json.results.entries).toHaveLength(2);
    const xml = decodeResponse(wire(`\r\n${XML_SAMPLE}`, 'text/plain'));
    expect(xml.contentType).toBe('text/plain');
    expect(xml.format).toBe('xml');
    expect(xml.root).toBe('DetachKeyPairResponse');
    expect(decodeResponse(wire('{}', 'application/problem+json')).format).toBe('json');
  });

  it('finds the content-type header even when a hand-built response capitalises it', () => {
    const decoded = decodeResponse({
      status: 200,
      headers: { 'Content-Type': XML_TYPE },
      body: new TextEncoder().encode('{}'),
    });
    expect(decoded.contentType).toBe(XML_TYPE);
    expect(decoded.format).toBe('xml');
  });
});
