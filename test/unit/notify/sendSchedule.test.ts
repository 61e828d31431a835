import { TEAMS_LIMITS, outboxLimits } from '../../../src/notify/outboxLimits';
import { SendSchedule, type PendingSend } from '../../../src/notify/sendSchedule';

const item = (key: string, conversationId: string, order: number, notBefore = 0): PendingSend => ({ key, conversationId, tenantId: 't', order, notBefore });

describe('SendSchedule', () => {
  it('sends one message at a time per conversation, oldest first across conversations', () => {
    const schedule = new SendSchedule(TEAMS_LIMITS);
    schedule.add(item('a2', 'A', 3));
    schedule.add(item('a1', 'A', 1));
    schedule.add(item('b1', 'B', 2));
    const first = schedule.next(0);
    expect(first).toEqual({ item: expect.objectContaining({ key: 'a1' }) });
    schedule.begin((first as { item: PendingSend }).item);
    // A is busy, so B goes next even though a2 was queued too.
    expect(schedule.next(0)).toEqual({ item: expect.objectContaining({ key: 'b1' }) });
  });

  it('waits out a backoff and a Retry-After block', () => {
    const schedule = new SendSchedule(TEAMS_LIMITS);
    schedule.add(item('a1', 'A', 1, 500));
    expect(schedule.next(0)).toEqual({ waitMs: 500 });
    schedule.block('A', 2000);
    expect(schedule.next(600)).toEqual({ waitMs: 1400 });
    expect(schedule.next(2000)).toEqual({ item: expect.objectContaining({ key: 'a1' }) });
  });

  it('drops the queued messages of a retired conversation but not the one in flight', () => {
    const schedule = new SendSchedule(TEAMS_LIMITS);
    ['a1', 'a2', 'a3'].forEach((key, i) => schedule.add(item(key, 'A', i)));
    const head = (schedule.next(0) as { item: PendingSend }).item;
    schedule.begin(head);
    expect(schedule.dropConversation('A').map((i) => i.key)).toEqual(['a2', 'a3']);
    expect(schedule.pending).toBe(1);
    schedule.remove(head.key);
    schedule.end(head, 10);
    expect(schedule.pending).toBe(0);
    expect(schedule.inFlight).toBe(0);
  });

  it('paces a conversation at the Teams per-conversation limits', () => {
    const schedule = new SendSchedule(TEAMS_LIMITS);
    for (let i = 0; i < 10; i++) schedule.add(item(`a${i}`, 'A', i));
    let now = 0;
    const sentAt: number[] = [];
    for (let i = 0; i < 10; i++) {
      let next = schedule.next(now);
      while ('waitMs' in next) {
        now += next.waitMs;
        next = schedule.next(now);
      }
      schedule.begin(next.item);
      sentAt.push(now);
      schedule.remove(next.item.key);
      schedule.end(next.item, now);
    }
    expect(sentAt.slice(0, 7)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(sentAt[7]).toBe(1000); // 7 per second
    expect(sentAt[8]).toBe(2000); // 8 per 2 seconds
  });

  it('validates limit overrides', () => {
    expect(() => outboxLimits({ sendTimeoutMs: 10_000, inFlightTimeoutMs: 5_000 })).toThrow(/inFlightTimeoutMs must exceed sendTimeoutMs/);
    expect(() => outboxLimits({ maxAttempts: 0 })).toThrow(/maxAttempts/);
    expect(outboxLimits({ maxAttempts: 3 }).maxAttempts).toBe(3);
  });
});
