import { describe, expect, it } from 'vitest';
import { apiReferenceUrl } from '../spec/apiReference.ts';
import { rules } from '../spec/rules.ts';
import { buildTestReport, firstRuleAt } from './buildTestReport.ts';
import { renderHtml } from './renderHtml.ts';

const must = firstRuleAt('MUST');
const should = firstRuleAt('SHOULD');
const reportLevel = firstRuleAt('REPORT');
const reproduce = `dkp-conformance verify --target http://127.0.0.1:4000 --seed 1234 --path 0:1 --only ${must}`;
const report = buildTestReport({
  overrides: {
    [must]: {
      status: 'fail',
      failure: {
        title: 'TotalCount disagrees',
        expected: 'TotalCount = 2',
        received: '<script>alert(1)</script>',
        counterexample: { probe: { InstanceIds: '["i-1"]' }, body: '</pre><b>' },
        seed: 1234,
        path: '0:1',
        reproduce,
      },
    },
    [should]: { status: 'fail', failure: { title: 'HostId differs', expected: 'a', received: 'b' } },
    [reportLevel]: { observed: ['query wins over body'] },
  },
});
const html = renderHtml(report);

describe('renderHtml', () => {
  it('is one self-contained page with the verdict in its header', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('class="verdict nonconformant"');
    expect(html).not.toMatch(/<(script|link|img|iframe)\b/i);
    // Nothing loaded from elsewhere, and no address but loopback — except the public API reference's,
    // cited as text beside the quotes it sources (the drift table).
    expect(html).toContain(apiReferenceUrl);
    expect(html.replaceAll(apiReferenceUrl, '')).not.toMatch(/\bsrc=|https?:\/\/(?!127\.0\.0\.1)/);
  });

  it('contains every rule ID of the registry', () => {
    for (const rule of rules) expect(html).toContain(`id="rule-${rule.id}"`);
  });

  it('escapes a received value', () => {
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('</pre><b>');
  });

  it('shows the failure expanded before the rules table, with a copyable reproduce command', () => {
    expect(html).toContain(`<code class="copy">${reproduce}</code>`);
    const finding = html.indexOf(`id="finding-${must}"`);
    expect(finding).toBeGreaterThan(-1);
    expect(finding).toBeLessThan(html.indexOf('<h2>Rules</h2>'));
    expect(html.slice(finding, finding + 80)).toContain(' open>');
    expect(html).toContain('&quot;InstanceIds&quot;: &quot;[\\&quot;i-1\\&quot;]&quot;');
  });

  it('lists observed behaviours and collapses skipped rules with their reasons', () => {
    expect(html).toContain('query wins over body');
    expect(html).toMatch(/<h2>Skipped<\/h2>\s*<details>/);
    expect(html).toContain('client rules are judged by sdk');
  });

  it('has a contracts section: each interaction, the rules a failure broke, the whole reason, expected failures marked, Pact beside', () => {
    const reason = `OK-5: TotalCount does not match ${'<b>x</b> '.repeat(300)}end`;
    const page = renderHtml({
      ...buildTestReport({
        overrides: { 'OK-6': { status: 'fail', expected: true, expectationReason: 'known' } },
      }),
      contracts: [
        { interaction: 'a pass', consumer: 'c', rules: ['OK-1'], status: 'pass', pact: 'pass' },
        {
          interaction: 'a failure',
          consumer: 'c',
          rules: ['OK-5'],
          status: 'fail',
          failedRules: ['OK-5'],
          reason,
          pact: 'fail',
          pactMismatch: 'expected 2',
        },
        {
          interaction: 'known',
          consumer: 'c',
          rules: ['OK-6'],
          status: 'fail',
          failedRules: ['OK-6'],
          reason: 'x',
        },
      ],
    });
    expect(page).toContain('<h2 id="contracts">Contracts</h2>');
    expect(page).toContain('1 interactions passed, 2 failed, 0 skipped');
    expect(page).toContain(`<pre>${reason.replaceAll('<', '&lt;').replaceAll('>', '&gt;')}</pre>`);
    expect(page).toMatch(/<td>a failure<\/td><td>fail<\/td><td><a href="#[^"]*OK-5[^"]*">OK-5<\/a><\/td>/);
    expect(page).toMatch(/<td>known<\/td><td>fail \(expected\)<\/td>/);
    expect(page).toContain('<pre>expected 2</pre>');
    expect(html).not.toContain('id="contracts"');
  });
});
