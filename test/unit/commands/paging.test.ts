import { cardBytes, renderCard } from '../../../src/bot/cards';
import { CARD_BUDGET_BYTES, fitPage, pageRange, type Page } from '../../../src/commands/paging';
import { assertValidCard } from '../../helpers/cardValidation';

// Pages are rendered with the real vms template and measured, so a card never exceeds the budget,
// whatever the rows hold.

interface Row {
  name: string;
}

function vmsCard(page: Page<Row>) {
  return renderCard('vms', {
    title: `All VMs (${page.total})`,
    summary: 'summary',
    range: pageRange(page),
    vms: page.rows.map((row) => ({
      name: row.name,
      state: 'Protected',
      stateColor: 'Good',
      where: 'rsv-weu-prod · pol-weu-nightly',
      detail: [{ text: 'Last backup Mon 23 Nov 2026 22:00 UTC', color: 'Default', subtle: true }, { text: ': completed', color: 'Good', subtle: false }],
      actions: [],
      portal: `https://portal.azure.com/#resource/subscriptions/6b1f3c2a-5d4e-4f8a-9b7c-1e2d3f4a5b6c/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/${row.name}/backup`,
    })),
    hint: 'hint',
    hasPrevious: page.previousOffset !== undefined,
    previous: { list: 'vms', vault: '', unprotected: false, offset: page.previousOffset ?? 0 },
    hasMore: page.nextOffset !== undefined,
    moreTitle: 'Show more',
    more: { list: 'vms', vault: '', unprotected: false, offset: page.nextOffset ?? 0 },
  });
}

const rows = (count: number, nameLength = 10): Row[] => Array.from({ length: count }, (_, i) => ({ name: `vm-${String(i).padStart(5, '0')}-${'x'.repeat(nameLength)}` }));

function allPages(items: Row[]): Array<Page<Row>> {
  const pages: Array<Page<Row>> = [];
  let offset: number | undefined = 0;
  while (offset !== undefined) {
    const { page, card }: { page: Page<Row>; card: ReturnType<typeof vmsCard> } = fitPage(items, offset, vmsCard);
    expect(cardBytes(card)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    assertValidCard(card);
    pages.push(page);
    offset = page.nextOffset;
  }
  return pages;
}

describe('fitPage', () => {
  it('short rows: pages of 25 with the offset of the next page', () => {
    const { page } = fitPage(rows(60), 0, vmsCard);
    expect(page.rows).toHaveLength(25);
    expect(page.nextOffset).toBe(25);
    expect(pageRange(page)).toBe('Showing 1-25 of 60');
    expect(allPages(rows(60)).map((p) => p.rows.length)).toEqual([25, 25, 10]);
  });

  it('long rows: fewer rows per page, every card under the budget, every row shown exactly once', () => {
    const items = rows(80, 1500);
    const pages = allPages(items);
    expect(pages[0].rows.length).toBeLessThan(25);
    expect(pages[0].rows.length).toBeGreaterThan(1);
    expect(pages.flatMap((p) => p.rows)).toEqual(items);
  });

  it('the largest row count that fits: one more row would not fit', () => {
    const items = rows(40, 1500);
    const { page } = fitPage(items, 0, vmsCard);
    const oneMore: Page<Row> = { rows: items.slice(0, page.rows.length + 1), offset: 0, nextOffset: page.rows.length + 1, total: items.length };
    expect(cardBytes(vmsCard(oneMore))).toBeGreaterThan(CARD_BUDGET_BYTES);
  });

  it('a row too large for any card still goes out alone (the list moves on)', () => {
    const { page } = fitPage(rows(3, 30_000), 0, vmsCard);
    expect(page.rows).toHaveLength(1);
    expect(page.nextOffset).toBe(1);
  });

  it('Show previous goes a full page back, never before the first row; the first page has none (issue 13.7)', () => {
    expect(fitPage(rows(60), 0, vmsCard).page.previousOffset).toBeUndefined();
    expect(fitPage(rows(60), 25, vmsCard).page.previousOffset).toBe(0);
    expect(fitPage(rows(60), 50, vmsCard).page.previousOffset).toBe(25);
    expect(fitPage(rows(60), 30, vmsCard, 10).page.previousOffset).toBe(20);
    expect(fitPage(rows(60), 4, vmsCard, 10).page.previousOffset).toBe(0);
    const card = fitPage(rows(60), 25, vmsCard).card;
    expect(JSON.stringify(card.content)).toContain('"title":"Show previous"');
  });

  it('an offset past the end gives an empty last page', () => {
    const { page } = fitPage(rows(5), 10, vmsCard);
    expect(page).toEqual({ rows: [], offset: 5, nextOffset: undefined, previousOffset: 0, total: 5 });
    expect(pageRange({ rows: [], offset: 0, total: 0 })).toBe('Nothing to show');
  });
});
