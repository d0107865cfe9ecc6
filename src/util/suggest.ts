/** Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), for did-you-mean. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const m = a.length;
  const n = b.length;
  const w = n + 1;
  const d = new Uint16Array((m + 1) * w);
  for (let j = 0; j <= n; j++) d[j] = j;
  for (let i = 1; i <= m; i++) {
    d[i * w] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[(i - 1) * w + j] + 1, d[i * w + j - 1] + 1, d[(i - 1) * w + j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[(i - 2) * w + j - 2] + 1);
      d[i * w + j] = v;
    }
  }
  return d[m * w + n];
}

/** The closest candidate within a distance that grows with the word's length, or undefined. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  return closest(word, candidates)[0];
}

/** Every candidate at the smallest distance, if that is within the limit that grows with the word's length; in code-unit order. */
export function closest(word: string, candidates: Iterable<string>): string[] {
  const w = word.toLowerCase();
  let best: string[] = [];
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestD) {
      best = [c];
      bestD = d;
    } else if (d === bestD) best.push(c);
  }
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  return bestD <= limit ? [...new Set(best)].sort() : [];
}
