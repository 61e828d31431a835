import type { RecordedCall } from '../../helpers/connectorRecorder';
import { OutboxHarness, text } from './outboxHarness';

const CONVERSATIONS = 20;
const PER_CONVERSATION = 50;

let harness: OutboxHarness;

beforeAll(async () => {
  harness = await new OutboxHarness().start();
});

afterAll(async () => {
  await harness.stop();
});

/** Largest number of calls inside any half-open window [t, t + windowMs). */
function maxInWindow(calls: RecordedCall[], windowMs: number): number {
  const times = calls.map((c) => c.at).sort((a, b) => a - b);
  let max = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end] - times[start] >= windowMs) start++;
    max = Math.max(max, end - start + 1);
  }
  return max;
}

it('delivers 1,000 sends across 20 conversations exactly once, within Teams limits, despite 10 % of 429s', async () => {
  // Real Teams limits (the defaults): no overrides here.
  const { registry, outbox } = harness.open();
  const conversations = Array.from({ length: CONVERSATIONS }, (_, c) => `19:team-${c}@thread.tacv2`);
  await harness.register(registry, conversations);

  // Every tenth message is answered 429 (Retry-After: 1 s) on its first attempt.
  const throttledOnce = new Set<string>();
  harness.recorder.setFaults((call) => {
    const body = String(call.body?.text ?? '');
    const n = Number(body.split('#')[1]);
    if (call.method !== 'POST' || n % 10 !== 0 || throttledOnce.has(body)) return undefined;
    throttledOnce.add(body);
    return { status: 429, headers: { 'Retry-After': '1' }, body: { error: { code: 'TooManyRequests', message: 'slow down' } } };
  });

  outbox.start();
  await Promise.all(
    conversations.map(async (conversationId, c) => {
      for (let i = 0; i < PER_CONVERSATION; i++) {
        const n = c * PER_CONVERSATION + i;
        const result = await outbox.enqueue({ key: `load:${n}`, conversationId, kind: 'send', activity: text(`${conversationId}#${n}`) });
        expect(result.queued).toBe(true);
      }
    }),
  );
  await outbox.drain({ timeoutMs: 110_000 });

  const delivered = harness.recorder.sent();
  const throttled = harness.recorder.calls.filter((c) => c.status === 429);

  // Exactly once: 1,000 distinct texts, none twice; exactly the 100 planned 429s.
  expect(delivered).toHaveLength(CONVERSATIONS * PER_CONVERSATION);
  expect(new Set(delivered.map((c) => c.body.text)).size).toBe(CONVERSATIONS * PER_CONVERSATION);
  expect(throttled).toHaveLength((CONVERSATIONS * PER_CONVERSATION) / 10);

  for (const conversationId of conversations) {
    const mine = harness.recorder.sent(conversationId);
    // In order within a conversation, even across 429s.
    expect(mine.map((c) => Number(String(c.body.text).split('#')[1]))).toEqual([...mine.map((c) => Number(String(c.body.text).split('#')[1]))].sort((a, b) => a - b));
    expect(maxInWindow(mine, 1_000)).toBeLessThanOrEqual(7);
    expect(maxInWindow(mine, 30_000)).toBeLessThanOrEqual(60);
    // Retry-After honoured: nothing reached a conversation within 1 s after it answered 429.
    const all = harness.recorder.calls.filter((c) => c.conversationId === conversationId);
    for (const t of all.filter((c) => c.status === 429)) {
      expect(all.filter((c) => c.at > t.at && c.at < t.at + 1_000)).toEqual([]);
    }
  }
  expect(maxInWindow(delivered, 1_000)).toBeLessThanOrEqual(50);
  // Every request, 429s included, counts against the tenant-wide limit.
  expect(maxInWindow(harness.recorder.calls, 1_000)).toBeLessThanOrEqual(50);

  for (let n = 0; n < CONVERSATIONS * PER_CONVERSATION; n += 97) {
    expect((await outbox.record(`load:${n}`))?.state).toBe('sent');
  }
}, 120_000);
