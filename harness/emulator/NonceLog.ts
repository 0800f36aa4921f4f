import { clockWindowMs } from './authenticate.ts';

/**
 * How long a nonce is remembered: AU-7's 15 minutes, doubled. A request stamped up to 15 minutes in the
 * future (AU-6 accepts it) stays fresh for 30 minutes after it arrives; forgetting its nonce sooner would
 * let the same bytes be replayed later.
 */
export const nonceMemoryMs = 2 * clockWindowMs;

/**
 * Remembers nonces of authenticated requests (AU-7) for {@link nonceMemoryMs}. Entries expire in
 * insertion order, so pruning is amortised O(1) per request.
 */
export class NonceLog {
  readonly #expiries = new Map<string, number>();

  /** Whether `key` was remembered less than {@link nonceMemoryMs} before `now`. */
  seen(key: string, now: number): boolean {
    const expiry = this.#expiries.get(key);
    return expiry !== undefined && expiry > now;
  }

  /** Remembers `key` until `now` + {@link nonceMemoryMs} and forgets everything already expired. */
  remember(key: string, now: number): void {
    for (const [old, expiry] of this.#expiries) {
      if (expiry > now) break;
      this.#expiries.delete(old);
    }
    this.#expiries.delete(key);
    this.#expiries.set(ownCopy(key), now + nonceMemoryMs);
  }

  /** How many nonces are remembered. */
  get size(): number {
    return this.#expiries.size;
  }
}

/**
 * A copy of `key` that holds no other string: a key cut from a request's query (a V8 sliced or
 * concatenated string) would otherwise keep the whole request target alive for the 30 minutes.
 */
function ownCopy(key: string): string {
  // Code unit by code unit (a lone surrogate stays itself): the joined string is a fresh, flat one.
  return key.split('').join('');
}
