import { z } from 'zod';
import { byKeys } from '../backup/listOrder';
import type { CardAttachment } from '../bot/chatTypes';
import { fitPage, fitPageBefore, type Page, type PagedCard } from './paging';

/**
 * Where a "Show more" / "Show previous" continues: the row at the edge of the page shown, named by
 * the keys the list is sorted on, not by a row number. Lists change between two clicks (a VM is
 * protected and leaves `vms --unprotected`, a policy is created, new jobs arrive on top): a row
 * number then repeats or skips rows, a key does not (issue 12). The edge row itself need not be
 * listed any more: the order still places it.
 */
export type CursorSide = 'after' | 'before';

/**
 * Index in `rows` where a page continues from the edge row: 'after', the first row after it (Show
 * more starts there); 'before', the edge's own place (Show previous ends just before it).
 * `compareToEdge(row)` is the list's order applied to (row, edge). Binary search: pages of a
 * 20,000-VM list cost no scan.
 */
export function edgeIndex<Row>(rows: readonly Row[], compareToEdge: (row: Row) => number, side: CursorSide): number {
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const comparison = compareToEdge(rows[middle]);
    if (comparison < 0 || (side === 'after' && comparison === 0)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** A cursor of a list sorted by name: the edge row's sort keys (src/backup/listOrder.ts). */
export interface KeyCursor {
  /** 'next': the page after the row (Show more); 'previous': the page before it (Show previous). */
  direction: 'next' | 'previous';
  keys: string[];
}

/** A cursor in a click's data is untrusted input: a few bounded strings, nothing else. */
export const keyCursorSchema = z.object({
  direction: z.enum(['next', 'previous']),
  keys: z.array(z.string().max(1000)).min(1).max(4),
});

/** Where a key cursor falls in `rows` sorted by `keysOf` (see edgeIndex). */
export function keyCursorIndex<T>(rows: readonly T[], keysOf: (row: T) => string[], cursor: KeyCursor): number {
  return edgeIndex(rows, (row) => byKeys(keysOf(row), cursor.keys), cursor.direction === 'next' ? 'after' : 'before');
}

/** Where a cursor put a page: the index its edge row falls at, and which way the page runs from it. */
export interface CursorPlace {
  index: number;
  /** true: Show more, the page starts at `index`; false: Show previous, the page ends just before it. */
  forward: boolean;
}

/**
 * The page a listing or a click asks for: from a row number (the first page, buttons posted before
 * cursors) or a placed cursor. Every paged list comes here (vms, policies, and jobs with its own
 * cursor shape, src/commands/jobCursor.ts).
 */
export function fitPageAt<T>(rows: readonly T[], from: number | CursorPlace, render: (page: Page<T>) => CardAttachment, maxRows: number): PagedCard<T> {
  if (typeof from === 'number') return fitPage(rows, from, render, maxRows);
  return from.forward ? fitPage(rows, from.index, render, maxRows) : fitPageBefore(rows, from.index, render, maxRows);
}

/** The page from a row number or a key cursor of a name-sorted list. */
export function fitPageFrom<T>(rows: readonly T[], from: number | KeyCursor, keysOf: (row: T) => string[], render: (page: Page<T>) => CardAttachment, maxRows: number): PagedCard<T> {
  return fitPageAt(rows, typeof from === 'number' ? from : { index: keyCursorIndex(rows, keysOf, from), forward: from.direction === 'next' }, render, maxRows);
}

/** The cursors of a page's Show previous and Show more buttons: its first and last rows. */
export function edgeCursors<T>(page: Page<T>, keysOf: (row: T) => string[]): { previous?: KeyCursor; next?: KeyCursor } {
  const first = page.rows[0];
  const last = page.rows.at(-1);
  return {
    ...(first !== undefined ? { previous: { direction: 'previous' as const, keys: keysOf(first) } } : {}),
    ...(last !== undefined ? { next: { direction: 'next' as const, keys: keysOf(last) } } : {}),
  };
}
