/** The known name a misspelled one most likely meant, or undefined when none is close. */
export function closestName(written: string, known: readonly string[]): string | undefined {
  const target = squash(written);
  if (target.length === 0) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of known) {
    const candidate = squash(name);
    if (candidate === target) return name;
    const distance = editDistance(candidate, target);
    if (distance < bestDistance) [best, bestDistance] = [name, distance];
  }
  const allowed = target.length >= 8 ? 2 : target.length >= 4 ? 1 : 0;
  return bestDistance <= allowed ? best : undefined;
}

/** Lowercase letters and digits only: `type:`, `Type` and `node_slice size` meet their field. */
function squash(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Levenshtein distance with adjacent transpositions, on short names only. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
      }
    }
  }
  return rows[a.length][b.length];
}
