import type { Locator } from 'playwright-core';
import type { PlaygroundPage } from './playgroundPage';
import { MEGAN } from './users';

/** Megan opens her view of the request card (the Playground runs no automatic refresh) and approves. */
export async function approveAsMegan(pg: PlaygroundPage, card: Locator): Promise<void> {
  await pg.as(MEGAN, async () => {
    await pg.clickCardButton(card, 'Refresh');
    await card.getByRole('button', { name: 'Approve', exact: true }).waitFor();
    await pg.clickCardButton(card, 'Approve');
  });
  await pg.waitForCardText('Approved by Megan Bowen', card, 60_000);
}
