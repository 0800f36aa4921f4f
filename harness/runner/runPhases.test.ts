import { describe, expect, it } from 'vitest';
import type { RuleId } from '../spec/rules.ts';
import { type Phase, runLifecycle } from './runPhases.ts';

// The one run lifecycle: what it opens gets the run's response bounds; `--only` skips the phases it leaves
// nothing to judge; what was opened is closed whatever happens.

type Opened = { ran: string[] };

const phase = (name: string, rules: readonly RuleId[] | 'every rule'): Phase<Opened> => ({
  name,
  rules,
  run: async ({ ran }) => {
    ran.push(name);
    return { requests: 1, inconclusive: 0 };
  },
});
const phases = [phase('documented', 'every rule'), phase('auth', ['AU-3', 'AU-4']), phase('state', ['ST-1'])];

async function lifecycle(only: ReadonlySet<RuleId> | null) {
  const opened: unknown[] = [];
  let closed = 0;
  const run = await runLifecycle<Opened>({
    bounds: { maxResponseBytes: 2048, responseTimeoutMs: 500 },
    open: async (bounds) => {
      opened.push(bounds);
      return { resources: { ran: [] }, close: async () => void closed++ };
    },
    phases: () => phases,
    only,
  });
  return { ran: run.resources.ran, requests: run.requests, opened, closed };
}

describe('runLifecycle', () => {
  it('opens once with the response bounds, runs every phase in order, closes', async () => {
    expect(await lifecycle(null)).toEqual({
      ran: ['documented', 'auth', 'state'],
      requests: 3,
      opened: [{ maxResponseBytes: 2048, responseTimeoutMs: 500 }],
      closed: 1,
    });
  });

  it('--only skips a phase none of whose rules it selects; "every rule" always runs', async () => {
    expect((await lifecycle(new Set<RuleId>(['AU-4']))).ran).toEqual(['documented', 'auth']);
    expect((await lifecycle(new Set<RuleId>(['OK-5']))).ran).toEqual(['documented']);
  });

  it('closes what it opened when a phase throws', async () => {
    let closed = 0;
    const failing = runLifecycle<Opened>({
      bounds: {},
      open: async () => ({ resources: { ran: [] }, close: async () => void closed++ }),
      phases: () => [
        {
          name: 'broken',
          rules: 'every rule',
          run: async () => {
            throw new Error('boom');
          },
        },
      ],
    });
    await expect(failing).rejects.toThrow('boom');
    expect(closed).toBe(1);
  });
});
