import { createLogger } from '../../../src/logger';
import { NotifyScheduler } from '../../../src/notify/notifyScheduler';

// node-schedule runs on timers and Date; jest's fake timers drive both, so a simulated hour takes no time.
describe('NotifyScheduler (node-schedule)', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-03-20T12:00:30.000Z') }));
  afterEach(() => jest.useRealTimers());

  function scheduler(leader: { value: boolean }, watchIntervalSeconds = 15) {
    const calls = { watch: 0, due: [] as string[], released: 0 };
    const s = new NotifyScheduler({
      work: {
        watch: async () => void calls.watch++,
        runDue: async (now) => void calls.due.push(now.toISOString().slice(0, 16)),
      },
      leader: { holds: async () => leader.value, release: async () => void calls.released++ },
      logger: createLogger('silent'),
      clock: () => new Date(),
      watchIntervalSeconds,
    });
    return { s, calls };
  }

  it('runs the watcher every interval and the due-check at each minute, on the lease holder only', async () => {
    const leader = { value: true };
    const { s, calls } = scheduler(leader);
    s.start();
    await jest.advanceTimersByTimeAsync(60_000);
    // 12:00:30 -> 12:01:30: watcher at :45, :00, :15, :30; due-check at 12:01:00.
    expect(calls.watch).toBe(4);
    expect(calls.due).toEqual(['2026-03-20T12:01']);

    leader.value = false;
    await jest.advanceTimersByTimeAsync(120_000);
    expect(calls.watch).toBe(4);
    expect(calls.due).toHaveLength(1);

    leader.value = true;
    await jest.advanceTimersByTimeAsync(60_000);
    expect(calls.due).toEqual(['2026-03-20T12:01', '2026-03-20T12:04']);
    await s.stop();
  });

  it('stops cleanly: no run after stop, the lease is released', async () => {
    const { s, calls } = scheduler({ value: true }, 60);
    s.start();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(calls.watch).toBe(1);
    await s.stop();
    expect(calls.released).toBe(1);
    await jest.advanceTimersByTimeAsync(10 * 60_000);
    expect(calls.watch).toBe(1);
    expect(calls.due).toHaveLength(1);
  });

  it('keeps going when a run fails', async () => {
    let failures = 0;
    const s = new NotifyScheduler({
      work: {
        watch: async () => {
          failures++;
          throw new Error('Azure is down');
        },
        runDue: async () => undefined,
      },
      leader: { holds: async () => true },
      logger: createLogger('silent'),
      clock: () => new Date(),
      watchIntervalSeconds: 30,
    });
    s.start();
    await jest.advanceTimersByTimeAsync(120_000);
    expect(failures).toBe(4);
    await s.stop();
  });
});
