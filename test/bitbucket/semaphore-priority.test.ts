import { describe, expect, it } from 'vitest';
import { AdaptiveSemaphore, PRIORITY } from '../../src/bitbucket/semaphore.ts';

describe('AdaptiveSemaphore priorities', () => {
  it('serves higher priorities first (critical path), FIFO within one priority', async () => {
    const semaphore = new AdaptiveSemaphore(1);
    await semaphore.acquire();
    const order: string[] = [];
    const waiting = [
      semaphore.acquire(PRIORITY.last).then(() => order.push('last')),
      semaphore.acquire().then(() => order.push('normal-1')),
      semaphore.acquire().then(() => order.push('normal-2')),
      semaphore.acquire(PRIORITY.high).then(() => order.push('high-1')),
      semaphore.acquire(PRIORITY.high).then(() => order.push('high-2')),
    ];
    for (let i = 0; i < 5; i++) {
      semaphore.release();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(waiting);
    expect(order).toEqual(['high-1', 'high-2', 'normal-1', 'normal-2', 'last']);
    expect(semaphore.peak).toBe(1);
  });
});
