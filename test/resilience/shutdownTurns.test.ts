import { ALEX, messageActivity, postActivity } from '../helpers/activities';
import { cardOf, textOf } from '../helpers/cardReading';
import { waitUntil } from './botChild';
import { ResilienceWorld } from './resilienceHarness';

// SIGTERM while a turn is still following the Azure operation it started (`backup <vm>` reads the
// trigger's operation until it names the job): the turn gets the shutdown grace like an approved
// write does, so the user gets the job card rather than "I stopped following", and the process exits 0.
const CHANNEL = '19:shutdown-turns@thread.tacv2';

jest.setTimeout(120_000);

describe('a turn in flight at SIGTERM', () => {
  const world = new ResilienceWorld();
  beforeAll(() => world.start());
  afterAll(() => world.stop());

  const triggers = (vm: string) => world.sandbox.control.requests().filter((r) => r.method === 'POST' && r.path.toLowerCase().endsWith(`;${vm}/backup`));

  it('finishes within the grace: the job card is posted, one trigger, exit 0', async () => {
    const bot = await world.bot({ SHUTDOWN_GRACE_SECONDS: '30' }).start();
    // Azure is slow to report the trigger's operation done: each status read takes 3 s.
    world.sandbox.control.setFaults({ share: 0, latencyMs: 3_000, pathContains: 'operation' });
    const activity = messageActivity('backup vm-web-01', { serviceUrl: world.connector.url, from: ALEX, conversationId: CHANNEL, conversationType: 'channel', mention: true });
    const posting = postActivity(bot.url, activity).catch(() => undefined);
    await waitUntil(() => triggers('vm-web-01').length === 1, 30_000, 'the backup trigger at Azure');
    const exit = await bot.stop('SIGTERM');
    world.sandbox.control.clearFaults();
    await posting;
    expect(exit).toEqual({ code: 0, signal: null });
    const reply = world.connector.sent(CHANNEL).find((c) => c.body?.replyToId === activity.id);
    expect(reply).toBeDefined();
    const text = textOf(cardOf(reply!));
    expect(text).toMatch(/^Backup of vm-web-01\n/);
    expect(text).not.toContain('stopped following');
    expect(triggers('vm-web-01')).toHaveLength(1);
  });
});
