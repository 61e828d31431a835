import schedule from 'node-schedule';
import type { Logger } from '../logger';
import type { Clock, LeaderGate } from './ports';

export interface ScheduledWork {
  /** Lists jobs and queues alerts (the job watcher). */
  watch(): Promise<unknown>;
  /** Digests and DST reminders due at `now`. */
  runDue(now: Date): Promise<unknown>;
}

export interface NotifySchedulerOptions {
  work: ScheduledWork;
  leader: LeaderGate;
  logger: Logger;
  clock: Clock;
  watchIntervalSeconds: number;
}

/**
 * Drives the background work with node-schedule: the watcher every `watchIntervalSeconds`, the
 * due-checks (digests, DST reminders) at second 0 of every minute. Only the lease holder works;
 * the others keep ticking and take over when the lease comes to them.
 */
export class NotifyScheduler {
  private readonly jobs: schedule.Job[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  private stopped = true;

  constructor(private readonly options: NotifySchedulerOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.jobs.push(schedule.scheduleJob('notify-due-check', '0 * * * * *', () => this.run('due-check', () => this.options.work.runDue(this.options.clock()))));
    this.jobs.push(schedule.scheduleJob('notify-watcher', watcherRule(this.options.watchIntervalSeconds), () => this.run('watcher', () => this.options.work.watch())));
  }

  /** Cancels the schedules and waits for the runs in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const job of this.jobs.splice(0)) job.cancel();
    await Promise.allSettled([...this.inFlight]);
    await this.options.leader.release?.();
  }

  private run(name: string, work: () => Promise<unknown>): void {
    if (this.stopped) return;
    const running = (async () => {
      if (!(await this.options.leader.holds())) return;
      await work();
    })().catch((err: unknown) => this.options.logger.error({ err, work: name }, 'scheduled notify work failed'));
    this.inFlight.add(running);
    void running.finally(() => this.inFlight.delete(running));
  }
}

/**
 * A node-schedule rule firing every `seconds`: a seconds cron when it divides a minute, a minutes
 * cron when it is whole minutes dividing an hour, else a RecurrenceRule over the seconds of the day.
 */
export function watcherRule(seconds: number): string | schedule.RecurrenceRule {
  if (seconds < 60 && 60 % seconds === 0) return `*/${seconds} * * * * *`;
  if (seconds % 60 === 0 && 60 % (seconds / 60) === 0) return `0 */${seconds / 60} * * * *`;
  if (seconds % 3600 === 0 && 24 % (seconds / 3600) === 0) return `0 0 */${seconds / 3600} * * *`;
  const rule = new schedule.RecurrenceRule();
  const step = Math.max(1, Math.round(seconds / 60));
  rule.minute = Array.from({ length: Math.ceil(60 / step) }, (_, i) => i * step).filter((m) => m < 60);
  rule.second = 0;
  return rule;
}
