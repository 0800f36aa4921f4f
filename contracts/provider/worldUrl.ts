import { request } from 'undici';
import { validateWorld } from '../../harness/spec/validateWorld.ts';
import type { World } from '../../harness/spec/World.ts';

/** The world URL as the provider side uses it (target-protocol §1): provider states in, worlds out. */

const bounds = { headersTimeout: 30_000, bodyTimeout: 30_000 };

/**
 * POSTs a provider-state message (`setup` or `teardown`) to the world URL; anything but a 2xx throws with
 * the status and the start of the answer (a refused state ends a run, target-protocol §1).
 */
export async function postWorld(worldUrl: string, message: unknown): Promise<void> {
  const response = await request(worldUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(message),
    ...bounds,
  });
  const text = await response.body.text();
  if (response.statusCode < 200 || response.statusCode > 299) {
    throw new Error(`HTTP ${response.statusCode}: ${text.slice(0, 300)}`);
  }
}

/**
 * The target's world as its world URL returns it (GET), or `null` when it returns no valid World: the
 * checks of effects on the world (ERR-3, ST-*) are then left out, as for a target without world control.
 */
export async function readWorld(worldUrl: string): Promise<World | null> {
  try {
    const response = await request(worldUrl, { method: 'GET', ...bounds });
    const text = await response.body.text();
    if (response.statusCode !== 200) return null;
    const checked = validateWorld(JSON.parse(text));
    return checked.ok ? checked.world : null;
  } catch {
    return null;
  }
}
