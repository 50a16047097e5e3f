/** Reading the sandbox's request log (pure). */
import type { RequestLogEntry } from './types.ts';

/**
 * Most requests in flight at once among `entries`, from their arrival and answer times: the
 * concurrency a client actually used, as the server saw it. Back-to-back requests (one answered
 * the instant the next arrives) do not overlap.
 */
export function peakInFlight(entries: readonly RequestLogEntry[]): number {
  const events = entries.flatMap((e) => {
    const start = e.startedMs ?? 0;
    return [
      { at: start, delta: 1 },
      { at: start + e.durationMs, delta: -1 },
    ];
  });
  events.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let current = 0;
  let peak = 0;
  for (const { delta } of events) {
    current += delta;
    peak = Math.max(peak, current);
  }
  return peak;
}
