import { z } from 'zod';
import type { JobRow } from '../backup/views';
import type { CardAttachment } from '../bot/chatTypes';
import { CARD_BUDGET_BYTES, DEFAULT_PAGE_ROWS, fitPage, type Page, type PagedCard } from './paging';

/**
 * Where a jobs "Show more" / "Show previous" continues: the job at the edge of the page shown
 * (its start time and id), not a row number. The list is live and newest first, so new jobs push
 * every row down: an offset would repeat rows of the page before (issue 12). A cursor names the
 * last row shown, and the next page is what is older than it, however many jobs arrived since.
 */
export interface JobCursor {
  /** 'older': the page after the row (Show more); 'newer': the page before it (Show previous). */
  direction: 'older' | 'newer';
  /** The row's start time as the service gave it (ISO), '' when it has none. */
  start: string;
  id: string;
}

/** A cursor in a click's data is untrusted input: bounded strings, nothing else. */
export const jobCursorSchema = z.object({
  direction: z.enum(['older', 'newer']),
  start: z.string().max(64),
  id: z.string().min(1).max(200),
});

/** Newest first, ties by id: one total order, so a cursor always falls at the same place. */
export function newestFirst(a: Pick<JobRow, 'start' | 'id'>, b: Pick<JobRow, 'start' | 'id'>): number {
  return (b.start ?? '').localeCompare(a.start ?? '') || b.id.localeCompare(a.id);
}

export function cursorAt(job: Pick<JobRow, 'start' | 'id'>, direction: JobCursor['direction']): JobCursor {
  return { direction, start: job.start ?? '', id: job.id };
}

/**
 * Where the cursor falls in `jobs` (sorted by `newestFirst`): for 'older', the index of the first
 * row after the cursor's row (the next page starts there); for 'newer', the index of the cursor's
 * row (the previous page ends just before it). The row itself need not be listed any more (it left
 * the time window): the order still places it.
 */
export function indexOf(jobs: readonly Pick<JobRow, 'start' | 'id'>[], cursor: JobCursor): number {
  const index = jobs.findIndex((job) => (cursor.direction === 'older' ? newestFirst(cursor, job) < 0 : newestFirst(cursor, job) <= 0));
  return index === -1 ? jobs.length : index;
}

/**
 * The page that ends just before row `end`: as many rows (up to `maxRows`) as fit the card budget,
 * counted back from `end`, so "Show previous" lands next to the page it came from.
 */
export function fitPageBefore<T>(
  items: readonly T[],
  end: number,
  render: (page: Page<T>) => CardAttachment,
  maxRows = DEFAULT_PAGE_ROWS,
  budget = CARD_BUDGET_BYTES,
): PagedCard<T> {
  // Nothing is newer than the cursor's row any more: the first page.
  if (end <= 0) return fitPage(items, 0, render, maxRows, budget);
  let count = Math.min(maxRows, end);
  for (;;) {
    const paged = fitPage(items, end - count, render, count, budget);
    // Rows differ in size: fewer fitted, so start later and try again with that many.
    if (paged.page.rows.length >= count || paged.page.rows.length <= 1) return paged;
    count = paged.page.rows.length;
  }
}
