import { startE2eStack, type E2eStack } from './harness/stack';
import { CONVERSATIONS } from './harness/users';

jest.setTimeout(240_000);

// Issue 13.3: the demo must not run out of news. With the sandbox clock running by itself (as
// `npm start` runs it, here faster: one simulated hour per second), the default estate keeps
// producing failures after the seeded ones have left the 24-hour window, and alerts keep coming.
// Nothing is set by hand: no setOutcome, no runPolicy, no advanceClock.
describe('recurring trouble in the default estate (Playground, clock running)', () => {
  let stack: E2eStack;
  let started: number;

  beforeAll(async () => {
    stack = await startE2eStack({ env: { SANDBOX_SPEED: '3600' } });
    started = stack.sandbox.now().getTime();
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('an alert arrives for a failure that happened after start, and jobs --status failed shows failures a day later', async () => {
    await stack.scenario('recurring-trouble', async (pg) => {
      await pg.openConversation(CONVERSATIONS.alertsChannel);
      const subscribed = await pg.typeMessage('subscribe alerts --status both');
      await pg.waitForCardText('Alerts on', subscribed);
      await pg.markCardsSeen();
      const alert = await pg.waitForNewCard(120_000);
      await pg.waitForCardText(/Backup (failed|completed with warnings): vm-/, alert);
      // The failure is a new one: it started after the bot did (not the seeded one of the day before).
      const startedText = /Started (\w{3} \d{1,2} \w{3} \d{4} \d\d:\d\d) UTC/.exec(await pg.cardText(alert))?.[1];
      expect(startedText).toBeDefined();
      expect(Date.parse(`${startedText} UTC`)).toBeGreaterThanOrEqual(started - 60_000);

      // More than a day later every seeded failure has left the 24-hour window; failures are still listed.
      await waitForSandbox(() => stack.sandbox.now().getTime() > started + 26 * 3_600_000);
      await pg.openConversation(CONVERSATIONS.personal);
      const failed = await pg.typeMessage('jobs --status failed');
      await pg.waitForCardText(/Backup jobs in the last 24 hours/, failed);
      const text = await pg.cardText(failed);
      expect(text).not.toContain('No job matches these filters.');
      expect(text).toMatch(/Failed vm-[a-z0-9-]+ · Backup/);
    });
  });
});

async function waitForSandbox(done: () => boolean): Promise<void> {
  for (let i = 0; i < 600 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  if (!done()) throw new Error('the sandbox clock did not reach the time the test waits for');
}
