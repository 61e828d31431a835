import { z } from 'zod';
import type { JobRow } from '../backup/views';
import { edgeIndex } from './listCursor';

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
  return edgeIndex(jobs, (job) => newestFirst(job, cursor), cursor.direction === 'older' ? 'after' : 'before');
}
