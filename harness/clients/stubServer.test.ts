import { describe, expect, it } from 'vitest';
import { startStubServer } from './stubServer.ts';

describe('startStubServer (the loopback endpoint clients are pointed at)', () => {
  it('records each request of a case with its body and clock, answers what the case chose, and counts strays', async () => {
    const stub = await startStubServer();
    try {
      expect(stub.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const idle = await fetch(`${stub.origin}/?early=1`);
      expect(idle.status).toBe(503);
      await idle.arrayBuffer();
      expect(stub.strays()).toBe(1);

      stub.begin((request) => ({
        status: 201,
        headers: { 'content-type': 'text/plain' },
        body: new TextEncoder().encode(`saw ${request.method} ${request.target}`),
      }));
      const before = Date.now();
      const answer = await fetch(`${stub.origin}/?a=%5B1%5D`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-acs-action': 'DetachKeyPair' },
        body: 'KeyPairName=kp',
      });
      expect(answer.status).toBe(201);
      expect(await answer.text()).toBe('saw POST /?a=%5B1%5D');
      const [exchange, ...rest] = stub.end();
      expect(rest).toEqual([]);
      expect(exchange?.request.headers['x-acs-action']).toBe('DetachKeyPair');
      expect(new TextDecoder().decode(exchange?.request.body)).toBe('KeyPairName=kp');
      expect(exchange?.request.receivedAt).toBeGreaterThanOrEqual(before);
      expect(exchange?.response.status).toBe(201);
      expect(stub.end()).toEqual([]);
    } finally {
      await stub.close();
    }
  });
});
