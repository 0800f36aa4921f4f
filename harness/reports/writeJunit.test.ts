import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { rules } from '../spec/rules.ts';
import { buildTestReport, firstRuleAt } from './buildTestReport.ts';
import { renderJunit } from './writeJunit.ts';

const must = firstRuleAt('MUST');
const should = firstRuleAt('SHOULD');
const report = buildTestReport({
  overrides: {
    [must]: {
      status: 'fail',
      cases: 5,
      failure: {
        title: 'FailCount <> "results" & more',
        expected: 'FailCount = 1',
        received: 'FailCount = 0\u0000\u001b[31m <script>',
        counterexample: { InstanceIds: ['i-1'], note: ']]>' },
        seed: 1234,
        path: '0:1',
        reproduce: `dkp-conformance verify --seed 1234 --path 0:1 --only ${must}`,
      },
    },
    [should]: { status: 'fail', failure: { title: 'header case', expected: 'x', received: 'y' } },
  },
});

type Parsed = Record<string, unknown>;
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => name === 'testcase',
});

describe('renderJunit', () => {
  const xml = renderJunit(report);
  const suite = (parser.parse(xml) as { testsuites: { testsuite: Parsed } }).testsuites.testsuite;
  const cases = suite.testcase as Parsed[];

  it('is well-formed XML', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
  });

  it('has one testsuite named after the command, one testcase per rule', () => {
    expect(suite['@name']).toBe('dkp-conformance verify');
    expect(cases).toHaveLength(rules.length);
    expect(cases.map((c) => String(c['@name']).split(':')[0])).toEqual(rules.map((r) => r.id));
    expect(cases[0]?.['@classname']).toBe(rules[0]?.family);
    expect(suite['@tests']).toBe(String(rules.length));
    expect(suite['@time']).toBe('7.250');
  });

  it('counts failures, errors and skips as the report does', () => {
    const skipped = rules.filter((r) => r.family === 'CL').length;
    expect(suite['@failures']).toBe('1');
    expect(suite['@errors']).toBe('0');
    expect(suite['@skipped']).toBe(String(skipped));
    expect(cases.filter((c) => 'failure' in c)).toHaveLength(1);
    expect(cases.filter((c) => 'skipped' in c)).toHaveLength(skipped);
  });

  it('puts the title in the failure message and the details in its text', () => {
    const failed = cases.find((c) => String(c['@name']).startsWith(`${must}:`));
    const element = failed?.failure as Parsed;
    expect(element['@message']).toBe('FailCount <> "results" & more');
    expect(element['#text']).toContain('expected: FailCount = 1');
    expect(element['#text']).toContain(`--only ${must}`);
    expect(element['#text']).toContain('\ufffd');
    expect(xml).not.toContain('\u0000');
  });

  it('passes a SHOULD warning, with a system-out', () => {
    const warned = cases.find((c) => String(c['@name']).startsWith(`${should}:`));
    expect(warned).not.toHaveProperty('failure');
    expect(String(warned?.['system-out'])).toContain('header case');
  });

  it('reports an error as <error> and an expected failure still as <failure>', () => {
    const errored = renderJunit(
      buildTestReport({ overrides: { [must]: { status: 'error', reason: 'check threw: TypeError' } } }),
    );
    expect(XMLValidator.validate(errored)).toBe(true);
    expect(errored).toMatch(/<testsuite [^>]*errors="1"/);
    expect(errored).toContain('<error message="check threw: TypeError"');
    const expected = renderJunit(
      buildTestReport({
        overrides: {
          [must]: {
            status: 'fail',
            expected: true,
            expectationReason: 'known',
            failure: { title: 't', expected: 'e', received: 'r' },
          },
        },
      }),
    );
    expect(expected).toContain('expected failure (--expectations): known');
  });

  it('escapes newlines in attributes and replaces lone surrogates', () => {
    const odd = renderJunit(
      buildTestReport({ overrides: { [must]: { status: 'skip', reason: 'line\none \ud800 end' } } }),
    );
    expect(XMLValidator.validate(odd)).toBe(true);
    expect(odd).toContain('message="line&#10;one \ufffd end"');
  });
});
