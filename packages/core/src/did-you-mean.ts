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
  // Only cells that some alignment within the bound can pass through: reaching (i, j) and going
  // on to (n, m) costs at least |j - i| + |(m - n) - (j - i)|, so j - i stays within [low, high].
  const bound = Math.min(max, Math.max(n, m));
  const outside = bound + 1;
  const low = Math.ceil((m - n - bound) / 2);
  const high = Math.floor((m - n + bound) / 2);
  let prev = new Int32Array(m + 1);
  let cur = new Int32Array(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j <= high ? j : outside;
  for (let i = 1; i <= n; i++) {
    const code = a.charCodeAt(start + i - 1);
    const from = Math.max(1, i + low);
    const to = Math.min(m, i + high);
    let rowMin = outside;
    if (i + low <= 0) {
      cur[0] = i;
      rowMin = i;
    } else {
      cur[from - 1] = outside;
    }
    for (let j = from; j <= to; j++) {
      let v = prev[j - 1]! + (code === b.charCodeAt(start + j - 1) ? 0 : 1);
      const deletion = prev[j]! + 1;
      if (deletion < v) v = deletion;
      const insertion = cur[j - 1]! + 1;
      if (insertion < v) v = insertion;
      if (v > outside) v = outside;
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (to < m) cur[to + 1] = outside;
    if (rowMin > bound) return max + 1;
    const done = prev;
    prev = cur;
    cur = done;
  }
  return prev[m]! > max ? max + 1 : prev[m]!;
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
