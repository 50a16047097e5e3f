/**
 * Seeded randomness: every "random" thing the sandbox does (UUIDs, faults) comes from here, so a
 * run is reproducible from its seeds.
 */

/** mulberry32: tiny, fast, good enough for test data; returns floats in [0, 1). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A generator of Bitbucket-style UUIDs: v4 layout, lower-case, wrapped in braces. */
export function createUuidGenerator(seed: number): () => string {
  const random = createRandom(seed);
  const hex = (n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) s += Math.floor(random() * 16).toString(16);
    return s;
  };
  return () => {
    const variant = (Math.floor(random() * 4) + 8).toString(16);
    return `{${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}}`;
  };
}

/** Bitbucket's timestamp style: microseconds and an explicit `+00:00` offset. */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000+00:00');
}
