import type { CardAttachment } from '../bot/chatTypes';
import { cardBytes, MAX_CARD_BYTES } from '../bot/cards';

/**
 * Long lists (hundreds of VMs or jobs) are shown a page at a time with a "Show more" button. A page
 * holds at most `maxRows` rows and is cut shorter when the card would not fit under Teams' 28 KB
 * limit (long names, many errors): the card is rendered and measured, not estimated.
 */

/** Room left for the activity envelope around the card. */
export const CARD_BUDGET_BYTES = MAX_CARD_BYTES - 4 * 1024;
export const DEFAULT_PAGE_ROWS = 25;
/** Where a "Show more" may start; a larger offset in a click's data is refused. */
export const MAX_OFFSET = 100_000;

export interface Page<T> {
  rows: T[];
  offset: number;
  /** Index of the first row of the next page, undefined on the last page. */
  nextOffset?: number;
  /** Where "Show previous" starts (a full page back), undefined on the first page. */
  previousOffset?: number;
  total: number;
}

export interface PagedCard<T> {
  card: CardAttachment;
  page: Page<T>;
}

/**
 * Renders the page of `items` starting at `offset` with as many rows (up to `maxRows`) as fit in
 * the byte budget. `render` receives the page (with `nextOffset` set when more rows follow).
 */
export function fitPage<T>(
  items: readonly T[],
  offset: number,
  render: (page: Page<T>) => CardAttachment,
  maxRows = DEFAULT_PAGE_ROWS,
  budget = CARD_BUDGET_BYTES,
): PagedCard<T> {
  const start = Math.max(0, Math.min(offset, items.length));
  const build = (count: number): PagedCard<T> => {
    const end = start + count;
    const page: Page<T> = {
      rows: items.slice(start, end),
      offset: start,
      nextOffset: end < items.length ? end : undefined,
      previousOffset: start > 0 ? Math.max(0, start - maxRows) : undefined,
      total: items.length,
    };
    return { card: render(page), page };
  };
  const most = Math.min(maxRows, items.length - start);
  const full = build(most);
  if (most <= 1 || cardBytes(full.card) <= budget) return full;
  // Largest row count that fits: binary search over 1..most-1 (1 row always goes out).
  let low = 1;
  let high = most - 1;
  let best = build(1);
  while (low <= high) {
    const middle = Math.floor((low + high) / 2);
    const candidate = build(middle);
    if (cardBytes(candidate.card) <= budget) {
      best = candidate;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return best;
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
  // Nothing is newer than the row at `end` any more: the first page.
  if (end <= 0) return fitPage(items, 0, render, maxRows, budget);
  let count = Math.min(maxRows, end);
  for (;;) {
    const paged = fitPage(items, end - count, render, count, budget);
    // Rows differ in size: fewer fitted, so start later and try again with that many.
    if (paged.page.rows.length >= count || paged.page.rows.length <= 1) return paged;
    count = paged.page.rows.length;
  }
}

/** "Showing 26-50 of 312". */
export function pageRange(page: Page<unknown>): string {
  if (page.total === 0) return 'Nothing to show';
  const first = page.offset + 1;
  const last = page.offset + page.rows.length;
  return `Showing ${first}-${last} of ${page.total}`;
}
