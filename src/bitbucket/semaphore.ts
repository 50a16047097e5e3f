/**
 * A counting semaphore whose limit adapts to rate limiting: a 429 halves the effective limit
 * (AIMD, as TCP does), and each run of successes as long as the current limit grows it by one,
 * back up to the configured maximum.
 */
export class AdaptiveSemaphore {
  readonly max: number;
  /** False keeps the limit fixed at `max` (for comparison in tests and benchmarks). */
  readonly adaptive: boolean;
  #limit: number;
  #inFlight = 0;
  #successes = 0;
  #peak = 0;
  readonly #waiters: Array<() => void> = [];
  /** Served before `#waiters`: requests on the critical path (follow-on pages, lists that waited on another list). */
  readonly #urgent: Array<() => void> = [];

  constructor(max: number, adaptive = true) {
    this.max = Math.max(1, Math.floor(max));
    this.adaptive = adaptive;
    this.#limit = this.max;
  }

  /** Current effective limit. */
  get limit(): number {
    return this.#limit;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** Highest number of holders seen at once. */
  get peak(): number {
    return this.#peak;
  }

  /**
   * Waits for a slot. `urgent` requests jump the queue: a list whose first page is in, or one that
   * could only start after another list, is on the critical path, while fresh lists are not.
   */
  async acquire(urgent = false): Promise<void> {
    if (this.#inFlight < this.#limit && this.#waiters.length === 0 && this.#urgent.length === 0) {
      this.#take();
      return;
    }
    await new Promise<void>((resolve) => (urgent ? this.#urgent : this.#waiters).push(resolve));
  }

  release(): void {
    this.#inFlight--;
    this.#drain();
  }

  /** A request was rate limited: halve the limit (never below one). */
  onRateLimited(): void {
    if (!this.adaptive) return;
    this.#limit = Math.max(1, Math.floor(this.#limit / 2));
    this.#successes = 0;
  }

  /** A request succeeded: after `limit` successes in a row, allow one more in flight. */
  onSuccess(): void {
    if (this.#limit >= this.max) return;
    this.#successes++;
    if (this.#successes >= this.#limit) {
      this.#limit++;
      this.#successes = 0;
      this.#drain();
    }
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  #take(): void {
    this.#inFlight++;
    if (this.#inFlight > this.#peak) this.#peak = this.#inFlight;
  }

  #drain(): void {
    while (this.#inFlight < this.#limit && (this.#urgent.length > 0 || this.#waiters.length > 0)) {
      this.#take();
      (this.#urgent.length > 0 ? this.#urgent : this.#waiters).shift()!();
    }
  }
}
