import fs from 'node:fs';

/**
 * Figures that tests measure but do not assert as timings (rule 4: rates go to bench/README.md).
 * One line on the console, always; with MEASURES_FILE set, also one JSON line appended to that
 * file, so repeated runs (`MEASURES_FILE=$(mktemp) npx jest ...` three times) can be summed up.
 */
export function reportMeasure(name: string, figures: Record<string, unknown>): void {
  console.log(`${name}: ${JSON.stringify(figures)}`);
  const file = process.env.MEASURES_FILE;
  if (file) fs.appendFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), name, ...figures })}\n`);
}

export interface DeliveryCounts {
  expected: number;
  /** Expected messages that arrived at least once. */
  delivered: number;
  /** Arrivals beyond the first of an expected message. */
  duplicates: number;
  /** Expected messages that never arrived. */
  lost: number;
  /** Arrivals of messages that were not expected at all. */
  unexpected: number;
}

/** Exactly-once counts of `arrived` (one entry per arrival) against `expected` (distinct identities). */
export function deliveryCounts(expected: string[], arrived: string[]): DeliveryCounts {
  const wanted = new Set(expected);
  const counts = new Map<string, number>();
  for (const id of arrived) counts.set(id, (counts.get(id) ?? 0) + 1);
  let delivered = 0;
  let duplicates = 0;
  for (const id of wanted) {
    const n = counts.get(id) ?? 0;
    if (n > 0) delivered++;
    duplicates += Math.max(0, n - 1);
  }
  const unexpected = arrived.filter((id) => !wanted.has(id)).length;
  return { expected: wanted.size, delivered, duplicates, lost: wanted.size - delivered, unexpected };
}

/** How often each value occurs (answers by status, proactive cards by title). */
export function tally(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
