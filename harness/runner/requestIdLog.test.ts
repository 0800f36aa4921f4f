import { describe, expect, it } from 'vitest';
import type { Target } from '../targets/Target.ts';
import type { WireRequest, WireResponse } from '../wire/WireMessage.ts';
import { logRequestIds } from './requestIdLog.ts';

const json = (status: number, body: unknown): WireResponse => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: new TextEncoder().encode(JSON.stringify(body)),
});
const success = (RequestId: string) =>
  json(200, { RequestId, TotalCount: 0, FailCount: 0, Results: { Result: [] } });
const error = (RequestId: string) => json(400, { RequestId, Code: 'MissingParameter', Message: 'm' });

/** A target answering `answers` in turn. */
function answering(answers: WireResponse[]): Target {
  let i = 0;
  return {
    origin: 'http://127.0.0.1:1',
    worldUrl: null,
    host: '127.0.0.1:1',
    send: async () => answers[i++] ?? error('last'),
    loadWorld: async () => {},
    readWorld: async () => ({ accessKeys: [], regions: [], keyPairs: [], instances: [] }),
    close: async () => {},
  };
}

async function judge(answers: WireResponse[]) {
  const log = logRequestIds(answering(answers));
  for (let n = 0; n < answers.length; n++) await log.target.send({} as WireRequest);
  return log.outcomes();
}

describe('logRequestIds: OK-2 "unique per response" across the run', () => {
  it('finds nothing to say of distinct RequestIds (the per-exchange check passes OK-2)', async () => {
    expect(await judge([success('A'), error('B'), success('C')])).toEqual([]);
  });

  it('warns (SHOULD) when a success repeats a RequestId another response carried, error or success', async () => {
    for (const answers of [
      [success('A'), success('A')],
      [error('A'), success('A')],
      [success('A'), error('A')],
    ]) {
      const [outcome] = await judge(answers);
      expect(outcome).toMatchObject({ status: 'fail', rule: 'OK-2', level: 'SHOULD' });
      expect(outcome?.status === 'fail' && outcome.received).toContain('"A" in 2 of');
    }
  });

  it('judges nothing from errors alone, nor from bodies without a RequestId or that do not parse', async () => {
    expect(await judge([error('A'), error('A')])).toEqual([]);
    expect(
      await judge([json(200, { TotalCount: 0 }), { status: 200, headers: {}, body: new Uint8Array() }]),
    ).toEqual([]);
  });
});
