import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { WireRequest } from '../wire/WireMessage.ts';
import {
  bodyNeverStarts,
  endlessSlowBody,
  hugeChunkedBody,
  serveLoopback,
  type TestServer,
} from './boundsTestKit.ts';
import { transportSend } from './interceptors/transportSend.ts';
import type { ResponseBoundError } from './ResponseBoundError.ts';
import { placeTarget, sendWire } from './sendWire.ts';
import { connectTarget } from './Target.ts';

const get: WireRequest = { method: 'GET', target: '/', headers: {}, body: new Uint8Array() };

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** What sending `get` ends with: the rejection's code and message, or the status. */
async function outcome(options: Parameters<typeof sendWire>[2]) {
  try {
    const response = await sendWire(server?.origin ?? '', get, options);
    return { status: response.status, size: response.body.length };
  } catch (error) {
    return { code: (error as ResponseBoundError).code, message: (error as Error).message };
  }
}

describe('sendWire: every read is bounded in size and time (issue 12, part 4)', () => {
  it('stops reading a huge chunked body at the size bound, naming the bound and its option', async () => {
    server = await serveLoopback((_req, res) => hugeChunkedBody(res));
    expect(await outcome({ maxResponseBytes: 64 * 1024 })).toEqual({
      code: 'DKP_RESPONSE_TOO_LARGE',
      message: expect.stringMatching(/exceeded 65536 bytes.*--max-response-bytes.*not a rule/),
    });
  });

  it('refuses a declared Content-Length over the bound without reading the body', async () => {
    server = await serveLoopback((_req, res) => {
      res.writeHead(200, { 'content-length': '2147483648' });
      // Then nothing until the client goes away: only the declared length can end the exchange.
      res.write('{');
    });
    expect(await outcome({ maxResponseBytes: 1024 })).toMatchObject({ code: 'DKP_RESPONSE_TOO_LARGE' });
  });

  it('ends an endless slow body at the time bound (a total, not an idle, bound)', async () => {
    server = await serveLoopback((_req, res) => endlessSlowBody(res, 10));
    expect(await outcome({ timeoutMs: 150 })).toEqual({
      code: 'DKP_RESPONSE_TIMEOUT',
      message: expect.stringMatching(/within 150 ms.*--response-timeout.*not a rule/),
    });
  });

  it('ends a body that never starts, and an answer that never starts, at the time bound', async () => {
    server = await serveLoopback((_req, res) => bodyNeverStarts(res));
    expect(await outcome({ timeoutMs: 100 })).toMatchObject({ code: 'DKP_RESPONSE_TIMEOUT' });
    await server.close();
    server = await serveLoopback(() => {});
    expect(await outcome({ timeoutMs: 100, boundOptions: { time: '--timeout' } })).toMatchObject({
      code: 'DKP_RESPONSE_TIMEOUT',
      message: expect.stringContaining('--timeout sets it'),
    });
  });

  it('reads an answer within the bounds whole', async () => {
    server = await serveLoopback((_req, res) => res.writeHead(200).end('x'.repeat(1024)));
    expect(await outcome({ maxResponseBytes: 1024 })).toEqual({ status: 200, size: 1024 });
  });

  it('a request past a bound is inconclusive with the bound in its reason, never a transport failure', async () => {
    server = await serveLoopback((_req, res) => hugeChunkedBody(res));
    const origin = server.origin;
    const send = transportSend((request, options) =>
      sendWire(origin, request, { ...options, maxResponseBytes: 4096 }),
    );
    expect(await send({ build: () => get, mutating: false })).toMatchObject({
      kind: 'inconclusive',
      reason: expect.stringMatching(/^the response body exceeded 4096 bytes/),
    });
  });
});

describe('connectTarget: the world URL is read within the same bounds', () => {
  it('a default world URL answering a huge body is exit 3 with the bound named, not a crash', async () => {
    server = await serveLoopback((_req, res) => hugeChunkedBody(res));
    const error = await connectTarget({ origin: server.origin, maxResponseBytes: 8192 }).catch((e) => e);
    expect(error).toMatchObject({
      code: 'TARGET_UNREACHABLE',
      exitCode: 3,
      message: expect.stringMatching(/GET .*\/_conformance\/world: the response body exceeded 8192 bytes/),
    });
  });

  it('an explicit --world-url that stalls is exit 2 with the time bound named', async () => {
    server = await serveLoopback((_req, res) => bodyNeverStarts(res));
    const error = await connectTarget({
      origin: server.origin,
      worldUrl: `${server.origin}/world`,
      timeoutMs: 100,
    }).catch((e) => e);
    expect(error).toMatchObject({ code: 'CONFIG', message: expect.stringContaining('--response-timeout') });
  });
});

describe('sendWire: where a request goes', () => {
  it("places every target exactly where WHATWG URL resolution puts it (as undici's request(url) did)", () => {
    // Characters URL resolution treats specially (dot segments, percent signs, quotes, spaces, `#`,
    // backslashes, non-ASCII), mixed with plain ones, in paths and queries.
    const piece = fc.constantFrom(
      ...'/?&=.%#\'" <>`{}|^[]\\@:;,+*()!$~-_aZ09é\u0001'.split(''),
      '/./',
      '/../',
      '//',
      '%2e',
      '%20',
      '?x=1',
      'Action=DetachKeyPair',
    );
    const origins = fc.constantFrom(
      'http://127.0.0.1:8080',
      'http://LOCALHOST:80',
      'http://[::1]:9000/prefix',
      'https://ecs.aliyuncs.com',
    );
    fc.assert(
      fc.property(origins, fc.array(piece, { maxLength: 12 }), (origin, pieces) => {
        const target = `/${pieces.join('')}`;
        const place = (resolve: () => { origin: string; path: string }) => {
          try {
            return resolve();
          } catch (error) {
            return { throws: (error as { code?: string }).code };
          }
        };
        expect(place(() => placeTarget(origin, target))).toEqual(
          place(() => {
            const url = new URL(target, origin);
            return { origin: url.origin, path: url.search ? `${url.pathname}${url.search}` : url.pathname };
          }),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('a connection closed in the middle of a body rejects (a transport failure), never hangs', async () => {
    server = await serveLoopback((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"partial":', () => res.socket?.destroy());
    });
    expect(await outcome({})).toMatchObject({
      code: expect.stringMatching(/^(UND_ERR_SOCKET|ERR_STREAM_PREMATURE_CLOSE)$/),
    });
  });
});
