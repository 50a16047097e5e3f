import { describe, expect, it } from 'vitest';
import { peakInFlight, type RequestLogEntry } from '../../src/sandbox/index.ts';

const entry = (startedMs: number, durationMs: number): RequestLogEntry => ({
  seq: 0,
  method: 'GET',
  path: '/x',
  query: {},
  status: 200,
  startedMs,
  durationMs,
  applied: false,
});

describe('peakInFlight', () => {
  it('counts overlapping requests, not back-to-back ones', () => {
    expect(peakInFlight([])).toBe(0);
    expect(peakInFlight([entry(0, 50), entry(50, 50), entry(100, 50)])).toBe(1);
    expect(peakInFlight([entry(0, 50), entry(10, 50), entry(20, 50), entry(60, 50)])).toBe(3);
    expect(peakInFlight([entry(0, 100), entry(10, 10), entry(30, 10), entry(35, 10)])).toBe(3);
  });
});
