/**
 * Levenshtein distance, bounded by `max` so long inputs stay cheap: exact when it is at most
 * `max`, some number above `max` otherwise.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  // A shared prefix or suffix never changes the distance, and resource names often share long
  // ones (`activityRelations_…_ds`); dropping them shrinks the table several times over.
  let start = 0;
  let endA = a.length;
  let endB = b.length;
  while (start < endA && start < endB && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
    endA--;
    endB--;
  }
  const n = endA - start;
  const m = endB - start;
  if (n === 0 || m === 0) return n + m;
  let prev = new Int32Array(m + 1);
  let cur = new Int32Array(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    const code = a.charCodeAt(start + i - 1);
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= m; j++) {
      let v = prev[j - 1]! + (code === b.charCodeAt(start + j - 1) ? 0 : 1);
      const deletion = prev[j]! + 1;
      if (deletion < v) v = deletion;
      const insertion = cur[j - 1]! + 1;
      if (insertion < v) v = insertion;
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const done = prev;
    prev = cur;
    cur = done;
  }
  return prev[m]!;
}

/**
 * The candidate closest to `input` (case-insensitive), if it is close enough to be a likely typo:
 * at most a third of the input's length in edits, and at least one.
 */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  const needle = input.toLowerCase();
  const max = Math.max(1, Math.floor(needle.length / 3));
  let best: string | undefined;
  let bestDistance = max + 1;
  for (const candidate of candidates) {
    const d = editDistance(needle, candidate.toLowerCase(), bestDistance);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
