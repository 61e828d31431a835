import { deliveryCounts, reportMeasure } from '../helpers/measures';
import { waitUntil } from './botChild';
import { ResilienceWorld } from './resilienceHarness';

// The bot in its own process delivering through a connector that throttles one conversation, fails
// another with 500s for a while and refuses a third (the bot was removed): what the outbox must do
// with each, seen from the connector's side.
const OK = '19:fault-ok@thread.tacv2';
const THROTTLED = '19:fault-429@thread.tacv2';
const FLAKY = '19:fault-500@thread.tacv2';
const GONE = '19:fault-403@thread.tacv2';
const PER_CONVERSATION = 8;

jest.setTimeout(120_000);

describe('connector faults reach the outbox (issue 11 item 2)', () => {
  const world = new ResilienceWorld();
  beforeAll(() => world.start());
  afterAll(() => world.stop());

  it('429 waits as told, 500 backs off, 403 retires the conversation; nothing lost, nothing twice', async () => {
    const keys = await world.seedOutbox([OK, THROTTLED, FLAKY, GONE], PER_CONVERSATION);
    const failures = { [THROTTLED]: 3, [FLAKY]: 3 };
    world.connector.setFaults((call) => {
      if (call.method !== 'POST') return undefined;
      if (call.conversationId === GONE) return { status: 403, body: { error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } } };
      if (call.conversationId === THROTTLED && failures[THROTTLED] > 0) {
        failures[THROTTLED]--;
        return { status: 429, headers: { 'Retry-After': '1' } };
      }
      if (call.conversationId === FLAKY && failures[FLAKY] > 0) {
        failures[FLAKY]--;
        return { status: 500 };
      }
      return undefined;
    });
    const bot = await world.bot().start();
    const expected = keys.filter((key) => !key.includes(GONE));
    await waitUntil(() => expected.every((key) => world.deliveries().has(key)), 60_000, 'every message to a conversation that accepts the bot');
    await waitUntil(() => bot.logs('message parked as dead').length >= PER_CONVERSATION, 10_000, 'the refused conversation’s messages parked');
    const exit = await bot.stop('SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });

    const counts = world.deliveries();
    reportMeasure('resilience: connector faults', {
      ...deliveryCounts(expected, world.connector.sent().map((call) => String(call.body?.text ?? ''))),
      answered429: world.connector.calls.filter((c) => c.status === 429).length,
      answered500: world.connector.calls.filter((c) => c.status === 500).length,
      parkedAfter403: bot.logs('message parked as dead').filter((line) => line.conversationId === GONE).length,
      exit,
    });
    expect(expected.filter((key) => counts.get(key) !== 1)).toEqual([]);
    // 429: the next attempt in that conversation came no sooner than Retry-After.
    const throttledCalls = world.connector.calls.filter((c) => c.conversationId === THROTTLED);
    for (let i = 0; i < throttledCalls.length - 1; i++) {
      if (throttledCalls[i].status === 429) expect(throttledCalls[i + 1].at - throttledCalls[i].at).toBeGreaterThanOrEqual(950);
    }
    expect(throttledCalls.filter((c) => c.status === 429)).toHaveLength(3);
    expect(world.connector.calls.filter((c) => c.conversationId === FLAKY && c.status === 500)).toHaveLength(3);
    // 403: one attempt, the conversation retired, each of its messages parked with a log line (not lost silently).
    expect(world.connector.calls.filter((c) => c.conversationId === GONE)).toHaveLength(1);
    expect(bot.logs('no longer accepts the bot')).toEqual([expect.objectContaining({ conversationId: GONE, status: 403, code: 'BotNotInConversationRoster' })]);
    expect(bot.logs('message parked as dead').filter((line) => line.conversationId === GONE)).toHaveLength(PER_CONVERSATION);
  });
});
