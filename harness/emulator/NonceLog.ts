import { clockWindowMs } from './authenticate.ts';

/**
 * Remembers nonces of authenticated requests for the 15-minute window of AU-7. Entries expire in
 * insertion order, so pruning is amortised O(1) per request.
 */
export class NonceLog {
  readonly #expiries = new Map<string, number>();

  /** Whether `key` was remembered less than 15 minutes before `now`. */
  seen(key: string, now: number): boolean {
    const expiry = this.#expiries.get(key);
    return expiry !== undefined && expiry > now;
  }

  /** Remembers `key` until `now` + 15 minutes and forgets everything already expired. */
  remember(key: string, now: number): void {
    for (const [old, expiry] of this.#expiries) {
      if (expiry > now) break;
      this.#expiries.delete(old);
    }
    this.#expiries.delete(key);
    this.#expiries.set(key, now + clockWindowMs);
  }

  /** How many nonces are remembered. */
  get size(): number {
    return this.#expiries.size;
  }
}
