import { cardBytes } from '../../../src/bot/cards';
import { adaptiveCardAttachment } from '../../../src/bot/messages';
import type { JobView } from '../../../src/backup/views';
import { indexOf, newestFirst } from '../../../src/commands/jobCursor';
import { fitPageBefore } from '../../../src/commands/paging';
import type { Page } from '../../../src/commands/paging';

// Cursor paging of jobs (issue 12): where a cursor falls in a live newest-first list, and the page
// that ends just before a row. Pure: plain rows and a card whose size grows with the rows' text.

const job = (id: string, start: string | undefined) => ({ id, start }) as JobView;
const jobs = [job('e', '2026-12-01T10:05:00Z'), job('d', '2026-12-01T10:00:00Z'), job('c', '2026-12-01T10:00:00Z'), job('b', '2026-12-01T09:00:00Z'), job('a', undefined)];

describe('job cursors', () => {
  it('order newest first, ties by id, jobs without a start last', () => {
    expect([...jobs].reverse().sort(newestFirst).map((j) => j.id)).toEqual(['e', 'd', 'c', 'b', 'a']);
  });

  it('older: the first row after the cursor row, even when that row has left the list', () => {
    expect(indexOf(jobs, { direction: 'older', start: '2026-12-01T10:00:00Z', id: 'd' })).toBe(2);
    expect(indexOf(jobs.filter((j) => j.id !== 'd'), { direction: 'older', start: '2026-12-01T10:00:00Z', id: 'd' })).toBe(1);
    // New jobs on top do not move where the next page starts (it is still row 'c').
    const grown = [job('h', '2026-12-01T11:00:00Z'), job('g', '2026-12-01T10:59:00Z'), ...jobs];
    expect(grown[indexOf(grown, { direction: 'older', start: '2026-12-01T10:00:00Z', id: 'd' })].id).toBe('c');
    expect(indexOf(jobs, { direction: 'older', start: '', id: 'a' })).toBe(jobs.length);
  });

  it('newer: the page before ends right before the cursor row, with as many rows as fit', () => {
    const rows = Array.from({ length: 40 }, (_, i) => job(`j${String(100 - i)}`, `2026-12-01T10:${String(59 - i).padStart(2, '0')}:00Z`));
    const render = (page: Page<JobView>) => adaptiveCardAttachment({ type: 'AdaptiveCard', version: '1.5', body: page.rows.map((r) => ({ type: 'TextBlock', text: `${r.id} ${'x'.repeat(200)}` })) });
    const end = indexOf(rows, { direction: 'newer', start: rows[30].start!, id: rows[30].id });
    expect(end).toBe(30);
    const roomy = fitPageBefore(rows, end, render);
    expect(roomy.page.rows.map((r) => r.id)).toEqual(rows.slice(5, 30).map((r) => r.id));
    const budget = cardBytes(render({ rows: rows.slice(0, 10), offset: 0, total: 40 }));
    const tight = fitPageBefore(rows, end, render, 25, budget);
    expect(tight.page.rows.length).toBeLessThan(25);
    expect(tight.page.rows.at(-1)?.id).toBe(rows[29].id);
    expect(fitPageBefore(rows, 0, render).page.offset).toBe(0);
  });
});
