import { startE2eStack, type E2eStack } from './harness/stack';
import { COMMANDS } from '../../src/registry/commandRegistry';
import { CONVERSATIONS } from './harness/users';
import { WELCOME_TITLE } from './harness/playgroundPage';

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
      for (const command of COMMANDS.filter((c) => c.minRole !== 'approver')) expect(text).toContain(`${command.name}:`);
      expect(text).toContain('approvers also run audit');
      expect(text).toContain('whoami: Show your role');
      expect(text).toContain('You are an operator');
      const height = Math.round((await card.boundingBox())!.height);
      console.log(`e2e measure: help card ${height} px`);
      // An example line only where it shows arguments: whoami, vms, jobs... need none (issue 13.9).
      expect(text).not.toContain('e.g. whoami');
      // Non-breaking hyphens: no line break inside a VM name or flag (issue 13.9).
      expect(await card.innerText()).toContain('e.g. check vm\u2011web\u201103');
      await pg.screenshot('help-card', { card, docs: true });
    });
  });

  it('welcomes the group chat it is installed in: what it does, how to start, who approves (issue 13.10)', async () => {
    await stack.scenario('welcome-group-chat', async (pg) => {
      // Opening a chat for the first time makes the Playground send installationUpdate (add), as Teams does on install.
      await pg.openConversation(CONVERSATIONS.groupChat);
      const welcome = await pg.waitForCardText(WELCOME_TITLE);
      const text = await pg.cardText(welcome);
      expect(text).toContain('I run Azure VM backup (Recovery Services vaults) from this chat');
      expect(text).toContain('Mention me (@) with a command');
      expect(text).toContain('Megan Bowen approves protection and policy changes');
      await pg.screenshot('welcome-card', { card: welcome, docs: true });

      await pg.markCardsSeen();
      await pg.clickCardButton(welcome, 'Show all commands');
      const help = await pg.waitForNewCard();
      await pg.waitForCardText('Azure VM Backup bot', help);
      // The welcome card is still there for everyone.
      expect(await pg.cardText(welcome)).toContain(WELCOME_TITLE);
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
