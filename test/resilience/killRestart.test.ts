import { reportMeasure } from '../helpers/measures';
import { pause, waitUntil, type ChildExit } from './botChild';
import { ResilienceWorld } from './resilienceHarness';

// SIGKILL a real bot process again and again while it delivers proactive messages through a
// connector that takes its time (as Teams does), start a new one on the same DATA_DIR each time,
// and count what arrived: the invariants are asserted, the rates printed for bench/README.md.
const CONVERSATIONS = Array.from({ length: 6 }, (_, i) => `19:resilience-${i}@thread.tacv2`);
const PER_CONVERSATION = 25;
const KILLS = 5;
const CONNECTOR_LATENCY_MS = 80;
/** The stated bound: a crash duplicates at most the sends in flight, one per conversation (maxConcurrentSends is 16). */
const IN_FLIGHT_BOUND = Math.min(16, CONVERSATIONS.length);

jest.setTimeout(240_000);

describe('kill -9 during deliveries, then restart (issue 11 items 5 and 6)', () => {
  const world = new ResilienceWorld();
  beforeAll(() => world.start());
  afterAll(() => world.stop());

  it('loses nothing, never crashes on its own, duplicates at most the sends in flight per kill, resumes at once', async () => {
    const keys = await world.seedOutbox(CONVERSATIONS, PER_CONVERSATION);
    world.connector.setDelay(CONNECTOR_LATENCY_MS);
    const delivered = () => world.connector.sent().length;
    const resumeMs: number[] = [];
    const unansweredAtKill: number[] = [];
    const killExits: ChildExit[] = [];
    let bot = await world.bot().start();

    for (let kill = 0; kill < KILLS; kill++) {
      const before = delivered();
      await waitUntil(() => delivered() >= before + 12, 60_000, `deliveries before kill ${kill + 1}`);
      await pause(Math.round(Math.random() * CONNECTOR_LATENCY_MS));
      unansweredAtKill.push(world.connector.unanswered);
      // Counted, not asserted here: the figures below must see a crash to report it.
      killExits.push(await bot.stop('SIGKILL'));
      const atRestart = delivered();
      bot = await world.bot().start();
      // The lock and the lease of the dead process are taken over; 'sending' marks go again now.
      expect(bot.logs('took over the DATA_DIR lock')).toHaveLength(1);
      await waitUntil(() => delivered() > atRestart, 30_000, `the first delivery after restart ${kill + 1}`);
      resumeMs.push(Date.now() - bot.listeningAt);
    }

    await waitUntil(() => keys.every((key) => world.deliveries().has(key)), 90_000, 'every seeded message');
    const exit = await bot.stop('SIGTERM');
    // A crash is an exit our signal did not cause: a process gone before its SIGKILL, or anything
    // but a clean exit 0 at SIGTERM. Counted before any exit is asserted, so the count can be non-zero.
    const crashes = killExits.filter((e) => e.signal !== 'SIGKILL').length + (exit.code === 0 && exit.signal === null ? 0 : 1);

    const counts = world.deliveries();
    const lost = keys.filter((key) => !counts.has(key)).length;
    const duplicates = keys.reduce((sum, key) => sum + Math.max(0, (counts.get(key) ?? 0) - 1), 0);
    const figures = {
      messages: keys.length,
      kills: KILLS,
      lost,
      duplicates,
      duplicatesPerKill: duplicates / KILLS,
      duplicateRate: duplicates / keys.length,
      unansweredAtKill,
      resumeMsAfterListening: resumeMs,
      crashes,
      ...(crashes > 0 ? { killExits, finalExit: exit } : {}),
    };
    reportMeasure('resilience: kill -9 during deliveries', figures);
    expect(crashes).toBe(0);
    expect(lost).toBe(0);
    expect(duplicates).toBeLessThanOrEqual(KILLS * IN_FLIGHT_BOUND);
    // Nothing else arrived: every delivery is one of the seeded messages.
    expect([...counts.keys()].every((text) => keys.includes(text))).toBe(true);
  });
});
