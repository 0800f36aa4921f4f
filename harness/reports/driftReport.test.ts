import { existsSync } from 'node:fs';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParityRow } from '../recordings/ParityRow.ts';
import type { RecordedExchange, Recording } from '../recordings/Recording.ts';
import { readRecording } from '../recordings/readRecording.ts';
import { apiReferenceUrl } from '../spec/apiReference.ts';
import { rules } from '../spec/rules.ts';
import { SecretLeakError } from '../util/assertNoSecrets.ts';
import { type Probe, probe } from '../wire/Probe.ts';
import { documentedFacts } from './documentedFacts.ts';
import { buildDrift, type DriftReport, messageMatches, renderDriftHtml, writeDrift } from './driftReport.ts';
import type { Report, RuleVerdict } from './Report.ts';
import { sdkExpectations } from './sdkExpectations.ts';

const host = 'ecs.cn-hangzhou.aliyuncs.com';
const secret = 'recorder-secret-value-0123';
const absent = (overrides: Partial<Probe> = {}): Probe =>
  probe({
    regionId: 'cn-hangzhou',
    keyPairName: 'dkp-conformance-absent-0011223344556677',
    instanceIds: '["i-dkp-conformance-absent-00"]',
    ...overrides,
  });

function exchange(
  name: string,
  p: Probe,
  response: { status: number; contentType: string; body: string } | undefined,
): RecordedExchange {
  return {
    name,
    probe: p,
    request: { method: 'GET', target: '/?Signature=%3Csignature%3E', headers: { host }, body: '' },
    ...(response === undefined
      ? { inconclusive: 'transport failure: UND_ERR_SOCKET' }
      : {
          response: {
            status: response.status,
            headers: { 'content-type': response.contentType },
            body: response.body,
          },
        }),
  };
}

const jsonError = (code: string, message: string) =>
  JSON.stringify({
    RequestId: '<request-id>',
    HostId: host,
    Code: code,
    Message: message,
    Recommend: 'https://api.aliyun.com/troubleshoot?q=x',
  });

/** A small live-like recording: AU-4's 404, an XML error under `text/xml`, a single Result as an object. */
const recording: Recording = {
  schemaVersion: 1,
  suiteVersion: '0.1.0',
  endpoint: `https://${host}`,
  region: 'cn-hangzhou',
  recordedAt: '2026-11-28T10:00:00.000Z',
  accessKeyId: 'LTAI****ab',
  exchanges: [
    exchange('unknown-access-key-v1-json', absent({ breakage: 'unknown-access-key' }), {
      status: 404,
      contentType: 'application/json; charset=UTF-8',
      body: jsonError('InvalidAccessKeyId.NotFound', 'Specified access key is not found.'),
    }),
    exchange('unknown-key-pair-v1-default-format', absent({ format: null }), {
      status: 400,
      contentType: 'text/xml',
      body: `<?xml version="1.0" encoding="UTF-8"?><Error><RequestId><request-id></RequestId><HostId>${host}</HostId><Code>InvalidKeyPairName.NotFound</Code><Message>The specified KeyPairName does not exist in our records. &lt;script&gt;alert(1)&lt;/script&gt;</Message></Error>`,
    }),
    exchange('unknown-key-pair-v3', absent({ scheme: 'v3', format: null, transport: 'post-query' }), {
      status: 400,
      contentType: 'application/json; charset=UTF-8',
      body: jsonError(
        'InvalidKeyPairName.NotFound',
        'The specified KeyPairName does not exist in our records.',
      ),
    }),
    exchange('wrong-signature-v1-json', absent({ breakage: 'wrong-signature' }), {
      status: 400,
      contentType: 'application/json; charset=UTF-8',
      body: jsonError(
        'SignatureDoesNotMatch',
        'Specified signature is not matched with our calculation. server string to sign is:GET&%2F&AccessKeyId%3DLTAI****ab',
      ),
    }),
    exchange(
      'sandbox-detach',
      absent({ keyPairName: 'conformance-sandbox', instanceIds: '["i-sandbox1"]' }),
      {
        status: 200,
        contentType: 'application/json; charset=UTF-8',
        body: JSON.stringify({
          RequestId: '<request-id>',
          TotalCount: '1',
          FailCount: '0',
          Results: {
            Result: { InstanceId: 'i-sandbox1', Success: 'true', Code: '200', Message: 'successful' },
          },
        }),
      },
    ),
    exchange('lost-answer', absent({ format: 'XML' }), undefined),
  ],
};

function verdict(
  id: (typeof rules)[number]['id'],
  status: RuleVerdict['status'],
  extra: Partial<RuleVerdict> = {},
): RuleVerdict {
  const rule = rules.find((r) => r.id === id);
  return { id, level: rule?.level ?? 'MUST', status, cases: status === 'skip' ? 0 : 3, ...extra };
}

function auditReport(overrides: Partial<Report> = {}): Report {
  const special: Partial<Record<string, RuleVerdict>> = {
    'AU-4': verdict('AU-4', 'pass'),
    'TR-5': verdict('TR-5', 'warn', {
      failure: {
        title: 'XML error body under a Content-Type the Node SDK does not parse as XML',
        expected: 'Content-Type text/xml;charset=utf-8',
        received: 'Content-Type text/xml',
      },
    }),
    'OK-9': verdict('OK-9', 'report', { observed: ['JSON counts as strings'] }),
  };
  return {
    schemaVersion: 1,
    suiteVersion: '0.1.0',
    rulesVersion: 2,
    command: 'audit',
    target: `https://${host}`,
    startedAt: '2026-11-28T10:00:00.000Z',
    finishedAt: '2026-11-28T10:00:07.000Z',
    verdict: 'conformant',
    exitCode: 0,
    summary: { passed: 1, failed: 0, warned: 1, skipped: 0, reported: 1, errored: 0 },
    rules: rules.map(
      (r) => special[r.id] ?? verdict(r.id, 'skip', { reason: 'no conclusive case exercised this rule' }),
    ),
    run: {
      seed: 1,
      runs: 1,
      strict: false,
      worldControl: false,
      requests: 6,
      inconclusiveRequests: 1,
      durationMs: 7000,
    },
    ...overrides,
  };
}

let dir: string;
let drift: DriftReport;
const row = (id: string) => drift.rows.find((r) => r.id === id);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dkp-drift-'));
  await writeFile(join(dir, 'recording.json'), JSON.stringify(recording, null, 2));
  drift = buildDrift({
    report: auditReport(),
    recording: await readRecording(dir),
    now: new Date('2026-11-28T11:00:00Z'),
  });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('buildDrift', () => {
  it('has a row per rule of the report and per documented fact, in rule order', () => {
    expect(drift.rows.filter((r) => r.kind === 'rule').map((r) => r.rule)).toEqual(rules.map((r) => r.id));
    expect(
      drift.rows
        .filter((r) => r.kind === 'fact')
        .map((r) => r.id)
        .sort(),
    ).toEqual(documentedFacts.map((f) => f.id).sort());
    expect(drift.recording).toMatchObject({ role: 'target', exchanges: 6 });
    const total = drift.summary.agree + drift.summary.drift + drift.summary.risk + drift.summary.unobserved;
    expect(total).toBe(drift.rows.length);
  });

  it('status per error code: the reference says 400, the live recording answered 404 (drift, no client risk)', () => {
    expect(row('status:InvalidAccessKeyId.NotFound')).toMatchObject({
      reference: { says: '400 (documented; the catalogue notes 404 observed live)' },
      target: '404 (1 answer)',
      evidence: ['recording: unknown-access-key-v1-json'],
      verdict: 'drift',
      drift: true,
      risk: false,
    });
    expect(row('status:InvalidKeyPairName.NotFound')).toMatchObject({
      target: '400 (2 answers)',
      verdict: 'agree',
    });
    expect(row('status:DependencyViolation.WindowsInstance')).toMatchObject({
      target: null,
      verdict: 'unobserved',
    });
  });

  it('messages: exact, or beginning with the documented text (the live string to sign)', () => {
    expect(row('message:InvalidAccessKeyId.NotFound')?.verdict).toBe('agree');
    expect(row('message:SignatureDoesNotMatch')?.verdict).toBe('agree');
    expect(row('message:InvalidKeyPairName.NotFound')?.verdict).toBe('agree');
    expect(
      messageMatches(
        'The input parameter "X" that is mandatory for processing this request is not supplied.',
        'The input parameter "KeyPairName" that is mandatory for processing this request is not supplied.',
      ),
    ).toBe(true);
    expect(messageMatches('Specified access key is not found.', 'Access key is not found.')).toBe(false);
  });

  it('content types, default format, HostId, RequestId, scalars, KeyPairName, Results', () => {
    expect(row('content-type:xml-error')).toMatchObject({
      target: 'text/xml',
      verdict: 'risk',
      drift: true,
      risk: true,
    });
    expect(row('content-type:xml')).toMatchObject({ target: 'text/xml', verdict: 'agree' });
    expect(row('content-type:json')).toMatchObject({
      target: 'application/json; charset=UTF-8',
      verdict: 'agree',
    });
    expect(row('default-format:v1')).toMatchObject({ target: 'XML', verdict: 'agree' });
    expect(row('default-format:v3')).toMatchObject({ target: 'JSON', verdict: 'agree' });
    expect(row('host-id')).toMatchObject({ target: `${host} (the Host header)`, verdict: 'agree' });
    expect(row('request-id')).toMatchObject({
      verdict: 'unobserved',
      note: 'request IDs are normalised in the recording',
    });
    expect(row('scalar:counts')).toMatchObject({ target: 'JSON strings', verdict: 'agree' });
    expect(row('key-pair-name-echo')).toMatchObject({ target: 'absent', verdict: 'agree' });
    expect(row('results-list')).toMatchObject({ target: 'Results.Result (object)', verdict: 'risk' });
    expect(row('error-fields')).toMatchObject({
      target: 'RequestId, Code, Message, HostId, Recommend',
      verdict: 'agree',
    });
    expect(row('success-markers')).toMatchObject({ verdict: 'agree' });
    expect(row('content-type:xml-error')?.sdk?.expects).toContain('text/xml;charset=utf-8');
  });

  it('rule rows: a warned consumer rule is a risk, a pass agrees, a skip is unobserved', () => {
    expect(row('rule:TR-5')).toMatchObject({ verdict: 'risk', drift: true, risk: true });
    expect(row('rule:AU-4')).toMatchObject({ target: 'pass (3 cases)', verdict: 'agree' });
    expect(row('rule:OK-9')).toMatchObject({ target: 'report: JSON counts as strings', verdict: 'agree' });
    expect(row('rule:WIN-1')).toMatchObject({
      verdict: 'unobserved',
      note: 'no conclusive case exercised this rule',
    });
  });

  it('a verify --replay report: replayed answers are the target, the recording another endpoint', () => {
    const parity: ParityRow[] = recording.exchanges.slice(0, 1).map((e) => ({
      name: e.name,
      rules: ['AU-4'],
      recorded: {
        kind: 'error',
        status: 404,
        code: 'InvalidAccessKeyId.NotFound',
        message: null,
        format: 'json',
        contentType: null,
        hostId: null,
        document: null,
      },
      replayed: {
        kind: 'error',
        status: 400,
        code: 'InvalidAccessKeyId.NotFound',
        message: 'Specified access key is not found.',
        format: 'json',
        contentType: 'application/json;charset=utf-8',
        hostId: '127.0.0.1:4000',
        document: null,
      },
      same: false,
      difference: 'status 404 → 400',
    }));
    const replay = buildDrift({
      report: auditReport({ command: 'verify', target: 'http://127.0.0.1:4000', parity }),
      recording,
    });
    expect(replay.recording?.role).toBe('recorded');
    expect(replay.rows.find((r) => r.id === 'status:InvalidAccessKeyId.NotFound')).toMatchObject({
      target: '400 (1 answer)',
      recorded: '404 (1 answer)',
      evidence: ['replay: unknown-access-key-v1-json'],
      verdict: 'agree',
    });
    expect(renderDriftHtml(replay)).toContain('<th>Recorded</th>');
  });
});

describe('renderDriftHtml and writeDrift', () => {
  it('escapes everything the target said', () => {
    const html = renderDriftHtml(drift);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('Content-Security-Policy');
    expect(html).toContain('<span class="badge risk">risk</span>');
  });

  it('writes drift.json and drift.html, and never a secret', async () => {
    const out = join(dir, 'out');
    const paths = await writeDrift(drift, out, [secret]);
    const json = await readFile(paths.json, 'utf8');
    const html = await readFile(paths.html, 'utf8');
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(drift)));
    expect(json).not.toContain(secret);
    expect(html).not.toContain(secret);
  });

  it('refuses to write anything when a secret would leak', async () => {
    const leaky = structuredClone(recording);
    const first = leaky.exchanges[0];
    if (first?.response !== undefined)
      first.response.body = jsonError(
        'InvalidAccessKeyId.NotFound',
        `Specified access key is not found. ${secret}`,
      );
    const d = buildDrift({ report: auditReport(), recording: leaky });
    const out = join(dir, 'leak');
    await expect(writeDrift(d, out, [secret])).rejects.toBeInstanceOf(SecretLeakError);
    await expect(access(out)).rejects.toThrow();
  });
});

// The API reference is Alibaba Cloud's text and is not copied into the repository: its quotes are checked
// where a copy lies beside the checkout (../shared/seed/, as in CI) and skipped with that reason elsewhere.
// Every other source is a file of the repository and is always checked.
const referenceCopy = fileURLToPath(
  new URL('../../../shared/seed/DetachKeyPair.api-reference.txt', import.meta.url),
);
const referencePresent = existsSync(referenceCopy);

describe('the static tables quote their sources verbatim', () => {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const files = new Map<string, string>();
  const fromReference = (source: string) => source.startsWith(apiReferenceUrl);
  const text = async (source: string): Promise<string> => {
    const file = source.split(' § ')[0] ?? source;
    const path = fromReference(source) ? referenceCopy : join(root, file);
    let content = files.get(path);
    if (content === undefined) {
      content = (await readFile(path, 'utf8')).replace(/\s+/g, ' ');
      files.set(path, content);
    }
    return content;
  };
  const sources = [
    ...documentedFacts.flatMap((f) => f.sources),
    ...Object.values(sdkExpectations).flatMap((e) => e.sources),
  ];
  const missingQuotes = async (only: (source: string) => boolean) => {
    const missing: string[] = [];
    for (const s of sources.filter((x) => only(x.source))) {
      if (!(await text(s.source)).includes(s.quote.replace(/\s+/g, ' ')))
        missing.push(`${s.source}: ${s.quote}`);
    }
    return missing;
  };

  it('every source is the public API reference or a shipped file of the repository', () => {
    const files = new Set(
      sources
        .map((s) => s.source)
        .filter((s) => !fromReference(s))
        .map((s) => s.split(' § ')[0]),
    );
    expect([...files].sort()).toEqual(['README.md', 'spec/DetachKeyPair.rules.md']);
    expect(sources.some((s) => fromReference(s.source))).toBe(true);
  });

  it('documentedFacts.ts and sdkExpectations.ts', async () => {
    // The repository's own documents always; the API reference where a copy is present (next test).
    expect(await missingQuotes((source) => referencePresent || !fromReference(source))).toEqual([]);
  });

  it.skipIf(!referencePresent)(
    `quotes of the API reference${referencePresent ? '' : ` [skipped: no copy of the API reference at ${referenceCopy}]`}`,
    async () => {
      expect(await missingQuotes(fromReference)).toEqual([]);
    },
  );
});
