import { startE2eStack, type E2eStack } from './harness/stack';
import { CONVERSATIONS } from './harness/users';

/** A VM name as the card shows it: non-breaking hyphens, so it never wraps at one (issue 13.9). */
const shown = (name: string) => name.replace(/-/g, '\u2011');

jest.setTimeout(240_000);

// Issue 13.9 (lists that stay short) and 13.7 ("Show more" pages both ways), as a person sees them:
// the rendered card's height in the Playground (Chromium, 1400 px wide) and its paging buttons.
describe('long lists in the Agents Playground (Chromium)', () => {
  let stack: E2eStack;

  beforeAll(async () => {
    stack = await startE2eStack({ viewport: { width: 1400, height: 2400 } });
  });

  afterAll(async () => {
    await stack?.close();
  });

  async function heightOf(card: import('playwright-core').Locator): Promise<number> {
    const box = await card.boundingBox();
    if (box === null) throw new Error('the card is not on screen');
    return Math.round(box.height);
  }

  it('vms: a short first page, Show more, then Show previous back to the first page', async () => {
    await stack.scenario('vms-paging', async (pg) => {
      await pg.openConversation(CONVERSATIONS.personal);
      const card = await pg.typeMessage('vms');
      await pg.waitForCardText(/All VMs \(24\)/, card);
      const height = await heightOf(card);
      console.log(`e2e measure: vms first page ${height} px`);
      await pg.screenshot('vms-list', { card, docs: true });
      expect(height).toBeLessThan(1000);
      // No VM name is broken over two lines (issue 13.9): each is as tall as the shortest one.
      const oneLine = (await card.getByText(shown('vm-app-01'), { exact: true }).boundingBox())!.height;
      for (const name of ['vm-eus-api-01', 'vm-eus-db-01', 'vm-neu-app-01', 'vm-files-01']) {
        expect((await card.getByText(shown(name), { exact: true }).first().boundingBox())!.height).toBeLessThan(oneLine * 1.5);
      }
      await pg.clickCardButton(card, 'Show more (14 left)');
      await pg.waitForCardText(/Showing 1[1-9]-\d+ of 24/, card);
      await pg.clickCardButton(card, 'Show previous');
      await pg.waitForCardText(/Showing 1-\d+ of 24/, card);
      expect(await pg.cardText(card)).toContain('vm-app-01');
    });
  });

  it('policies: a short first page, Show more, then Show previous', async () => {
    await stack.scenario('policies-paging', async (pg) => {
      await pg.openConversation(CONVERSATIONS.personal);
      const card = await pg.typeMessage('policies');
      await pg.waitForCardText(/VM backup policies \(11\)/, card);
      const height = await heightOf(card);
      console.log(`e2e measure: policies first page ${height} px`);
      await pg.screenshot('policies-list', { card, docs: true });
      expect(height).toBeLessThan(1000);
      await pg.clickCardButton(card, 'Show more (3 left)');
      await pg.waitForCardText(/Showing \d+-11 of 11/, card);
      await pg.clickCardButton(card, 'Show previous');
      await pg.waitForCardText(/Showing 1-\d+ of 11/, card);
    });
  });
});
