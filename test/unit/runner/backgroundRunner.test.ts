import { createLogger } from '../../../src/logger';
import { BackgroundRunner } from '../../../src/runner/backgroundRunner';

// The runner's timers are setTimeout and node-schedule (which reads Date): jest's fake timers drive
// both, so a simulated hour takes no time.
describe('BackgroundRunner', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-03-20T12:00:30.000Z') }));
  afterEach(() => jest.useRealTimers());

  function runner(leader: { value: boolean }, timers = true, lines: Array<Record<string, unknown>> = []) {
    const logger = createLogger('info', { write: (line: string) => lines.push(JSON.parse(line)) });
    return new BackgroundRunner({ logger, isLeader: () => leader.value, timers });
  }

  it('runs interval and cron tasks on their cadence, leader-only ones on the lease holder only', async () => {
    const leader = { value: true };
    const r = runner(leader);
    const calls = { follow: 0, due: [] as string[], lease: 0 };
    r.periodic('follow', { everyMs: 15_000 }, { leaderOnly: true }, async () => void calls.follow++);
    r.periodic('due', { cron: '0 * * * * *' }, { leaderOnly: true }, async () => void calls.due.push(new Date().toISOString().slice(0, 16)));
    r.periodic('lease', { everyMs: 20_000 }, { leaderOnly: false, upkeep: true }, async () => void calls.lease++);
    r.start();
    await jest.advanceTimersByTimeAsync(60_000);
    // 12:00:30 -> 12:01:30: follow at +15, +30, +45, +60 s; the due-check at 12:01:00; the lease at +20, +40, +60 s.
    expect(calls).toEqual({ follow: 4, due: ['2026-03-20T12:01'], lease: 3 });

    leader.value = false;
    await jest.advanceTimersByTimeAsync(120_000);
    expect(calls.follow).toBe(4);
    expect(calls.due).toHaveLength(1);
    expect(calls.lease).toBe(9);

    leader.value = true;
    await jest.advanceTimersByTimeAsync(60_000);
    expect(calls.due).toEqual(['2026-03-20T12:01', '2026-03-20T12:04']);
    await r.stop();
  });

  it('never overlaps a task with itself: the interval counts from the end of the previous run', async () => {
    const r = runner({ value: true });
    const starts: number[] = [];
    r.periodic('slow', { everyMs: 10_000 }, { leaderOnly: false }, async () => {
      starts.push(Date.now());
      await new Promise((resolve) => setTimeout(resolve, 25_000));
    });
    r.start();
    await jest.advanceTimersByTimeAsync(80_000);
    // Runs at +10 s (ends +35 s), +45 s (ends +70 s), next at +80 s.
    expect(starts.map((t) => (t - Date.parse('2026-03-20T12:00:30.000Z')) / 1000)).toEqual([10, 45, 80]);
    // stop() waits for the run in progress (it ignores the signal) to end.
    let stopped = false;
    const stopping = r.stop().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(24_000);
    expect(stopped).toBe(false);
    await jest.advanceTimersByTimeAsync(1_000);
    await stopping;
    expect(starts).toHaveLength(3);
  });

  it('with timers off only upkeep runs by itself; runNow runs any task through the same gate', async () => {
    const leader = { value: false };
    const r = runner(leader, false);
    const calls = { work: 0, lease: 0 };
    r.periodic('work', { everyMs: 1_000 }, { leaderOnly: true }, async () => void calls.work++);
    r.periodic('lease', { everyMs: 1_000 }, { leaderOnly: false, upkeep: true }, async () => void calls.lease++);
    r.start();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(calls).toEqual({ work: 0, lease: 10 });
    await r.runNow('work');
    expect(calls.work).toBe(0);
    leader.value = true;
    await r.runNow('work');
    expect(calls.work).toBe(1);
    await r.stop();
  });

  it('logs a failed run without the error object (no request headers) and keeps going', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const r = runner({ value: true }, true, lines);
    let failures = 0;
    r.periodic('watch', { everyMs: 30_000 }, { leaderOnly: true }, async () => {
      failures++;
      throw Object.assign(new Error('Azure is down'), { code: 'ServiceUnavailable', statusCode: 503, request: { headers: { authorization: 'Bearer secret-token' } } });
    });
    r.start();
    await jest.advanceTimersByTimeAsync(120_000);
    expect(failures).toBe(4);
    const failed = lines.filter((line) => line.msg === 'background task failed; its next run retries');
    expect(failed).toHaveLength(4);
    expect(failed[0]).toMatchObject({ task: 'watch', error: 'Azure is down', code: 'ServiceUnavailable', status: 503 });
    expect(JSON.stringify(lines)).not.toContain('secret-token');
    await r.stop();
  });

  it('stop() aborts the signal, waits for the run in progress, stops continuous work, and nothing runs after', async () => {
    const r = runner({ value: true });
    const events: string[] = [];
    r.periodic('poll', { everyMs: 5_000 }, { leaderOnly: false }, async (signal) => {
      events.push('run');
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      events.push('aborted');
    });
    r.continuous('outbox', { leaderOnly: true }, { start: () => void events.push('outbox start'), stop: async () => void events.push('outbox stop') });
    r.start();
    await jest.advanceTimersByTimeAsync(5_000);
    expect(events).toEqual(['outbox start', 'run']);
    await r.stop();
    expect(events).toEqual(['outbox start', 'run', 'aborted', 'outbox stop']);
    await jest.advanceTimersByTimeAsync(60_000);
    await r.runNow('poll');
    expect(events).toHaveLength(4);
  });

  it('starts and stops leader-only continuous work as the lead comes and goes', async () => {
    const leader = { value: false };
    const r = runner(leader);
    const events: string[] = [];
    r.continuous('outbox', { leaderOnly: true }, { start: () => void events.push('start'), stop: async () => void events.push('stop') });
    r.start();
    expect(events).toEqual([]);
    leader.value = true;
    r.leaderChanged();
    leader.value = false;
    r.leaderChanged();
    leader.value = true;
    r.leaderChanged();
    r.leaderChanged();
    await r.stop();
    expect(events).toEqual(['start', 'stop', 'start', 'stop']);
  });
});
