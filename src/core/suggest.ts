/**
 * "Did you mean …?": the closest candidate by edit distance, if it is close enough to be a
 * plausible typo. Pure.
 */

/** Optimal-string-alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidate `name` most plausibly means, or undefined when none is close: the shortest one it
 * abbreviates (`web/prod` → `web/production`), else the nearest by edit distance (case differences
 * count half), within a third of its length.
 */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  const others = [...candidates].filter((c) => c !== name && c.length <= 200);
  const abbreviated = lower.length > 0 ? others.filter((c) => c.toLowerCase().startsWith(lower)) : [];
  if (abbreviated.length > 0) return abbreviated.reduce((a, b) => (b.length < a.length ? b : a));
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of others) {
    const score = c.toLowerCase() === lower ? 0.5 : editDistance(lower, c.toLowerCase());
    if (score < bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return bestScore <= Math.max(1, Math.floor(name.length / 3)) ? best : undefined;
}

/** Up to `max` names for a hint: `a, b, c (and 4 more)`. */
export function listNames(names: readonly string[], max = 10): string {
  if (names.length === 0) return '(none)';
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} (and ${names.length - max} more)` : shown;
}
