import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../cli/main.ts';
import { validateWorld } from '../spec/validateWorld.ts';
import type { World } from '../spec/World.ts';
import {
  bodyNeverStarts,
  endlessSlowBody,
  hugeChunkedBody,
  serveLoopback,
  type TestServer,
} from '../targets/boundsTestKit.ts';
import { likelyCause } from './answerTally.ts';

/** A server with a working world URL whose API answers with `api` (an emulator author's first steps). */
function withWorldUrl(api: (req: IncomingMessage, res: ServerResponse) => void) {
  let world: World = { accessKeys: [], regions: [], keyPairs: [], instances: [] };
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (req.url?.split('?')[0] !== '/_conformance/world') {
      api(req, res);
      return;
    }
    const json = (status: number, body: unknown) =>
      void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.method === 'GET') {
      json(200, world);
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const checked = validateWorld(JSON.parse(Buffer.concat(chunks).toString('utf8')).params?.world);
      if (checked.ok) world = checked.world;
      json(200, {});
    });
  };
}

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Runs the CLI and returns its exit code and every line it printed. */
async function cli(...argv: string[]) {
  const lines: string[] = [];
  const code = await main(argv, { out: (l) => lines.push(l), err: (l) => lines.push(l) });
  return { code, lines, text: lines.join('\n') };
}

const quick = ['--runs', '1', '--seed', '1', '--no-contracts'];

describe('verify: answers past the suite’s bounds end with a verdict, never a crash (issue 12, part 4)', () => {
  it('a huge chunked body: every request inconclusive (exit 3), the bound and its option named', async () => {
    server = await serveLoopback(withWorldUrl((_req, res) => hugeChunkedBody(res)));
    const run = await cli('verify', '--target', server.origin, ...quick, '--max-response-bytes', '2048');
    expect(run.code).toBe(3);
    expect(run.text).toMatch(/verdict: inconclusive \(exit 3\)/);
    expect(run.text).toMatch(
      /the response body exceeded 2048 bytes, the suite's bound \(--max-response-bytes sets it/,
    );
    expect(run.text).toMatch(
      /diagnosis: all \d+ API requests got no answer: the response body exceeded 2048 bytes/,
    );
  });

  it('an endless slow body: inconclusive at the time bound, the option named', async () => {
    server = await serveLoopback(withWorldUrl((_req, res) => endlessSlowBody(res, 20)));
    const run = await cli(
      'verify',
      '--target',
      server.origin,
      ...quick,
      '--only',
      'GEN-1',
      '--response-timeout',
      '150',
    );
    expect(run.code).toBe(3);
    expect(run.text).toMatch(
      /no complete response within 150 ms, the suite's bound \(--response-timeout sets it/,
    );
  });

  it('a body that never starts, on every path: exit 3 before the first case, the bound named', async () => {
    server = await serveLoopback((_req, res) => bodyNeverStarts(res));
    const run = await cli('verify', '--target', server.origin, ...quick, '--response-timeout', '100');
    expect(run.code).toBe(3);
    expect(run.text).toMatch(/_conformance\/world: no complete response within 100 ms.*--response-timeout/);
  });

  it('a bound that is not a positive integer is a usage error', async () => {
    expect((await cli('verify', '--max-response-bytes', '0')).code).toBe(2);
    expect((await cli('verify', '--response-timeout', 'soon')).code).toBe(2);
  });
});

describe('verify: the headline diagnosis when every request gets the same non-API answer (issue 12, part 5)', () => {
  it('a proxy’s HTML page for every request: the diagnosis comes first, before the rule table', async () => {
    server = await serveLoopback(
      withWorldUrl((_req, res) =>
        res
          .writeHead(502, { 'content-type': 'text/html' })
          .end('<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>'),
      ),
    );
    const run = await cli('verify', '--target', server.origin, ...quick, '--only', 'AU,TR,GEN');
    expect(run.code).toBe(1);
    const headline = run.lines.findIndex((l) => l.startsWith('diagnosis: all '));
    const table = run.lines.findIndex((l) => l.startsWith('RULE'));
    expect(run.lines[headline]).toMatch(/API requests got HTTP 502, an HTML page \(text\/html\)$/);
    expect(run.lines[headline + 1]).toMatch(/likely cause: an HTML page answers instead of the API/);
    expect(headline).toBeGreaterThan(-1);
    expect(headline).toBeLessThan(table);
    expect(run.text).not.toMatch(/received: a XML body|Content-Type text\/html/);
  });

  it('no headline when some answers are API answers', async () => {
    let n = 0;
    server = await serveLoopback(
      withWorldUrl((_req, res) =>
        n++ % 2 === 0
          ? res.writeHead(404).end()
          : res
              .writeHead(400, { 'content-type': 'application/json' })
              .end('{"RequestId":"r","Code":"InvalidParameter","Message":"m"}'),
      ),
    );
    const run = await cli('verify', '--target', server.origin, ...quick, '--only', 'GEN-1');
    expect(run.text).not.toMatch(/diagnosis:/);
  });

  it('each kind of non-API answer has a cause that says what to check', () => {
    expect(likelyCause('HTTP 501 with no error document')).toMatch(/is DetachKeyPair served on `\/`/);
    expect(likelyCause('HTTP 404 with no error document')).toMatch(/is DetachKeyPair served on `\/`/);
    expect(likelyCause('HTTP 302 redirect to https://login.example/')).toMatch(
      /--target the API’s own origin/,
    );
    expect(likelyCause('HTTP 200 with no API document')).toMatch(/JSON or XML body/);
    expect(likelyCause('no answer: transport failure: UND_ERR_SOCKET')).toMatch(/connection fails/);
  });
});
