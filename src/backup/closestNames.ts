/** Up to `max` names closest to `query` (case-insensitive edit distance), for "did you mean" hints. */
export function closestNames(query: string, names: readonly string[], max = 3): string[] {
  const q = query.toLowerCase();
  const threshold = Math.max(1, Math.floor(q.length / 3));
  const scored = [...new Set(names)]
    .map((name) => {
      const n = name.toLowerCase();
      const distance = n.includes(q) || q.includes(n) ? Math.min(1, editDistance(q, n)) : editDistance(q, n);
      return { name, distance };
    })
    .filter((entry) => entry.distance <= threshold)
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name));
  return scored.slice(0, max).map((entry) => entry.name);
}

export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
