import { startE2eStack, type E2eStack } from './harness/stack';
import { CONVERSATIONS } from './harness/users';

jest.setTimeout(180_000);

describe('help in the Agents Playground (Chromium)', () => {
  let stack: E2eStack;

  beforeAll(async () => {
    // Tall enough for the whole help card, so its screenshot in the README is not cut by the toolbar.
    stack = await startE2eStack({ viewport: { width: 1400, height: 2000 } });
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('answers "help" in the personal chat with a card listing every command', async () => {
    await stack.scenario('help-personal', async (pg) => {
      await pg.openConversation(CONVERSATIONS.personal);
      const card = await pg.typeMessage('help');
      await pg.waitForCardText('Azure VM Backup bot', card);
      const text = await pg.cardText(card);
      for (const command of stack.app.services.commands) expect(text).toContain(`${command.name}:`);
      expect(text).toContain('whoami: Show your role');
      expect(text).toContain('Your role: operator');
      await pg.screenshot('help-card', { card, docs: true });
    });
  });

  it('answers "whoami" in a channel, where the bot must be @mentioned', async () => {
    await stack.scenario('whoami-channel', async (pg) => {
      await pg.openConversation(CONVERSATIONS.general);
      const card = await pg.typeMessage('whoami');
      await pg.waitForCardText('Alex Wilber', card);
      const text = await pg.cardText(card);
      expect(text).toMatch(/Role\s*operator/);
      expect(text).toContain('00000000-0000-0000-0000-000000000020');
    });
  });
});
