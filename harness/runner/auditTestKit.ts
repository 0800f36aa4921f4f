/**
 * Test support for `audit`'s tests (not used by the suite itself): an account with a sandbox beside
 * production resources, its manifest, the credentials, and a loopback proxy that keeps every request it
 * forwards (or answers instead of the target).
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { World } from '../spec/World.ts';
import { sendWire } from '../targets/sendWire.ts';
import type { SandboxManifest } from './readSandboxManifest.ts';

/** The audited region. */
export const region = 'cn-hangzhou';
/** The credentials the test account accepts. */
export const key = {
  accessKeyId: 'LTAI5tAuditTestKey01',
  accessKeySecret: 'audit-test-secret-never-written',
};
/** The environment `audit` reads them from. */
export const env = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: key.accessKeyId,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: key.accessKeySecret,
};

/** An account with a sandbox, production resources beside it, and another region. */
export function sandboxWorld(): World {
  return {
    accessKeys: [key],
    regions: [region, 'cn-qingdao'],
    keyPairs: [
      { regionId: region, keyPairName: 'conformance-sandbox' },
      { regionId: region, keyPairName: 'prod' },
      { regionId: 'cn-qingdao', keyPairName: 'conformance-sandbox' },
    ],
    instances: [
      { regionId: region, instanceId: 'i-sandbox-1', osType: 'linux', keyPairName: 'conformance-sandbox' },
      { regionId: region, instanceId: 'i-sandbox-2', osType: 'linux', keyPairName: 'conformance-sandbox' },
      { regionId: region, instanceId: 'i-sandbox-win', osType: 'windows', keyPairName: null },
      { regionId: region, instanceId: 'i-prod-1', osType: 'linux', keyPairName: 'prod' },
      { regionId: region, instanceId: 'i-prod-2', osType: 'linux', keyPairName: 'conformance-sandbox' },
      { regionId: 'cn-qingdao', instanceId: 'i-qd-1', osType: 'linux', keyPairName: 'conformance-sandbox' },
    ],
  };
}

/** The manifest of {@link sandboxWorld}'s sandbox. */
export const manifest: SandboxManifest = {
  regionId: region,
  keyPairName: 'conformance-sandbox',
  linuxInstanceIds: ['i-sandbox-1', 'i-sandbox-2'],
  windowsInstanceId: 'i-sandbox-win',
};

/** One request as a loopback proxy saw it. */
export type SeenRequest = {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
};

/**
 * A loopback proxy in front of `upstream` that keeps every request it forwards; `intercept` may answer
 * instead (or `'drop'` the connection).
 */
/** Sends a request a test proxy received on to `upstream` and writes the answer back (hop headers dropped). */
export function forward(upstream: string, req: IncomingMessage, body: Buffer, res: ServerResponse): void {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers))
    if (value !== undefined && !['content-length', 'connection', 'transfer-encoding'].includes(name))
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
  sendWire(upstream, {
    method: req.method ?? 'GET',
    target: req.url ?? '/',
    headers,
    body: new Uint8Array(body),
  }).then(
    (r) => res.writeHead(r.status, r.headers).end(Buffer.from(r.body)),
    () => res.destroy(),
  );
}

export async function startProxy(
  upstream: string,
  intercept?: (
    request: SeenRequest,
  ) => 'drop' | { status: number; headers: Record<string, string> } | undefined,
): Promise<{ origin: string; seen: SeenRequest[]; close: () => Promise<void> }> {
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const entry: SeenRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: body.toString('utf8'),
        at: performance.now(),
      };
      seen.push(entry);
      const decision = intercept?.(entry);
      if (decision === 'drop') {
        req.socket.destroy();
        return;
      }
      if (decision !== undefined) {
        res
          .writeHead(decision.status, decision.headers)
          .end('{"Code":"ServiceUnavailable","Message":"try later"}');
        return;
      }
      forward(upstream, req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
