/**
 * Fault injection and rate limiting. Decisions depend only on the fault seed and on the position
 * of a request among counted requests, so a sequential run is reproducible.
 */
import { createRandom } from './random.ts';
import type { FaultKind, FaultOptions } from './types.ts';

const MUTATIONS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const isMutation = (method: string): boolean => MUTATIONS.has(method);

export class FaultInjector {
  readonly options: FaultOptions;
  private readonly random: () => number;
  private position = 0;

  constructor(options: FaultOptions = {}) {
    this.options = options;
    this.random = createRandom(options.seed ?? 1);
  }

  /** Decides the fault (if any) for the next request. Requests not counted never get one. */
  decide(method: string): FaultKind | undefined {
    const o = this.options;
    if (o.mutationsOnly && !isMutation(method)) return undefined;
    this.position++;
    const fixed = o.at?.[this.position];
    // One draw per counted request, always, so adding an `at` entry does not shift later faults.
    const r = this.random();
    const pick = this.random();
    if (fixed) return fixed;
    let threshold = 0;
    const table: [number | undefined, FaultKind | '5xx'][] = [
      [o.resetBefore, 'reset-before'],
      [o.rate429, '429'],
      [o.rate5xx, '5xx'],
      [o.resetAfter, 'reset-after'],
      [o.slow, 'slow'],
    ];
    for (const [probability, kind] of table) {
      threshold += probability ?? 0;
      if (r < threshold) {
        if (kind !== '5xx') return kind;
        return pick < 1 / 3 ? '500' : pick < 2 / 3 ? '502' : '503';
      }
    }
    return undefined;
  }

  /** Delay of a `slow` fault. */
  get slowMs(): number {
    return this.options.slowMs ?? 2000;
  }
}

/** Rolling-window limit per key (credential). Refused requests do not count. */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  readonly limit: number;
  readonly windowMs: number;
  private readonly now: () => number;

  constructor(limit: number, windowMs: number, now: () => number) {
    this.limit = limit;
    this.windowMs = windowMs;
    this.now = now;
  }

  /** Requests `key` made in the current window. */
  used(key: string): number {
    const since = this.now() - this.windowMs;
    return (this.hits.get(key) ?? []).filter((t) => t > since).length;
  }

  admit(key: string): boolean {
    const now = this.now();
    let list = this.hits.get(key);
    if (!list) this.hits.set(key, (list = []));
    let expired = 0;
    while (expired < list.length && list[expired]! <= now - this.windowMs) expired++;
    if (expired > 0) list.splice(0, expired);
    if (list.length >= this.limit) return false;
    list.push(now);
    return true;
  }
}
