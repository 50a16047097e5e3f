import { describe, expect, it } from 'vitest';
import { AdaptiveSemaphore } from '../../src/bitbucket/semaphore.ts';

describe('AdaptiveSemaphore urgency', () => {
  it('serves urgent waiters before earlier normal ones, each queue in order', async () => {
    const semaphore = new AdaptiveSemaphore(1);
    await semaphore.acquire();
    const order: string[] = [];
    const waiting = [
      semaphore.acquire().then(() => order.push('normal-1')),
      semaphore.acquire().then(() => order.push('normal-2')),
      semaphore.acquire(true).then(() => order.push('urgent-1')),
      semaphore.acquire(true).then(() => order.push('urgent-2')),
    ];
    for (let i = 0; i < 4; i++) {
      semaphore.release();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(waiting);
    expect(order).toEqual(['urgent-1', 'urgent-2', 'normal-1', 'normal-2']);
    expect(semaphore.peak).toBe(1);
  });
});
