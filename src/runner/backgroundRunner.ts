import schedule from 'node-schedule';
import { errorFacts, type Logger } from '../logger';

/** When a periodic task runs: every `everyMs` after the previous run ended, or on a cron rule (node-schedule). */
export type Cadence = { everyMs: number } | { cron: string | schedule.RecurrenceRule };

export interface TaskOptions {
  /** Runs only on the replica holding the leader lease (the gate is asked right before each run). */
  leaderOnly: boolean;
  /**
   * Runs even when the runner's timers are off (tests drive the work by hand): the lease renewal,
   * without which the outbox would stop with the lease.
   */
  upkeep?: boolean;
}

/** Work that runs on its own once started (the outbox's drain loop): started and stopped here, never timed. */
export interface ContinuousWork {
  start(): void;
  stop(): Promise<void>;
}

export interface BackgroundRunnerOptions {
  logger: Logger;
  /** This replica holds the leader lease now. */
  isLeader: () => boolean;
  /** Fire periodic tasks on their cadence (false in tests, which run them by hand; upkeep tasks still run). */
  timers: boolean;
}

interface Periodic {
  kind: 'periodic';
  name: string;
  cadence: Cadence;
  options: TaskOptions;
  run: (signal: AbortSignal) => Promise<unknown>;
  running?: Promise<void>;
  timer?: NodeJS.Timeout;
  job?: schedule.Job;
}

interface Continuous {
  kind: 'continuous';
  name: string;
  options: TaskOptions;
  work: ContinuousWork;
  started: boolean;
}

type Task = Periodic | Continuous;

/**
 * The one home of background work (issue 12): the job poller (followed cards, alerts), the
 * due-check (digests, DST reminders, approval expiry), the leader-lease renewal and the outbox.
 * One way to start and stop (stop() cancels the timers, aborts the runs' signal and awaits them),
 * one leader gate, one error handler (logs the task and the error's message and code, never the
 * error object, whose request may carry headers, and goes on: the next run retries).
 *
 * A periodic task never overlaps itself: an interval is counted from the end of the previous run,
 * and a cron firing while the previous run is still going is skipped.
 */
export class BackgroundRunner {
  private readonly tasks = new Map<string, Task>();
  private controller = new AbortController();
  private started = false;

  constructor(private readonly options: BackgroundRunnerOptions) {}

  /** A periodic task: `run` gets a signal aborted by stop(). */
  periodic(name: string, cadence: Cadence, options: TaskOptions, run: (signal: AbortSignal) => Promise<unknown>): void {
    if ('everyMs' in cadence && !(cadence.everyMs > 0)) throw new TypeError(`background task ${name} needs a positive interval`);
    this.add({ kind: 'periodic', name, cadence, options, run });
  }

  /** Work with its own loop; a leader-only one is started when this replica becomes leader and stopped when it stops being one. */
  continuous(name: string, options: TaskOptions, work: ContinuousWork): void {
    this.add({ kind: 'continuous', name, options, work, started: false });
  }

  /** Whether periodic tasks fire on their own (off in tests). */
  get timersOn(): boolean {
    return this.options.timers;
  }

  /** The signal every run gets; aborted by stop() (long Azure polls listen to it). */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.controller = new AbortController();
    for (const task of this.tasks.values()) {
      if (task.kind === 'continuous') this.syncContinuous(task);
      else if (this.options.timers || task.options.upkeep) this.arm(task);
    }
  }

  /** Cancels the timers, aborts the runs in progress and waits for them, then stops continuous work (last registered first). */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    const periodic = [...this.tasks.values()].filter((task): task is Periodic => task.kind === 'periodic');
    for (const task of periodic) this.disarm(task);
    this.controller.abort();
    await Promise.allSettled(periodic.map((task) => task.running));
    for (const task of [...this.tasks.values()].reverse()) {
      if (task.kind === 'continuous' && task.started) await this.stopContinuous(task);
    }
  }

  /**
   * Runs a periodic task now, through the same gate and error handler (a new leader catching up,
   * start-up, tests). A call while it runs shares that run. Never rejects.
   */
  runNow(name: string): Promise<void> {
    const task = this.tasks.get(name);
    if (task?.kind !== 'periodic') throw new Error(`no periodic background task called ${name}`);
    return this.runOnce(task);
  }

  /** The leader gate changed: leader-only continuous work follows it. */
  leaderChanged(): void {
    if (!this.started) return;
    for (const task of this.tasks.values()) if (task.kind === 'continuous') this.syncContinuous(task);
  }

  private add(task: Task): void {
    if (this.tasks.has(task.name)) throw new Error(`background task ${task.name} is already registered`);
    if (this.started) throw new Error(`register background task ${task.name} before start()`);
    this.tasks.set(task.name, task);
  }

  private arm(task: Periodic): void {
    if ('cron' in task.cadence) {
      task.job = schedule.scheduleJob(task.name, task.cadence.cron, () => void this.runOnce(task, true));
      return;
    }
    const everyMs = task.cadence.everyMs;
    const next = () => {
      if (!this.started) return;
      task.timer = setTimeout(() => void this.runOnce(task).finally(next), everyMs);
      task.timer.unref();
    };
    next();
  }

  private disarm(task: Periodic): void {
    task.job?.cancel();
    task.job = undefined;
    if (task.timer) clearTimeout(task.timer);
    task.timer = undefined;
  }

  private runOnce(task: Periodic, skipIfBusy = false): Promise<void> {
    if (task.running) return skipIfBusy ? Promise.resolve() : task.running;
    const signal = this.controller.signal;
    // Stopped: nothing new starts (a catch-up or a late cron firing after stop()).
    if (signal.aborted) return Promise.resolve();
    task.running = (async () => {
      if (task.options.leaderOnly && !this.options.isLeader()) return;
      await task.run(signal);
    })()
      .catch((err: unknown) => this.failed(task.name, err))
      .finally(() => (task.running = undefined));
    return task.running;
  }

  private syncContinuous(task: Continuous): void {
    const wanted = !task.options.leaderOnly || this.options.isLeader();
    if (wanted && !task.started) {
      task.started = true;
      task.work.start();
    } else if (!wanted && task.started) {
      void this.stopContinuous(task);
    }
  }

  private async stopContinuous(task: Continuous): Promise<void> {
    task.started = false;
    await task.work.stop().catch((err: unknown) => this.failed(task.name, err));
  }

  private failed(task: string, err: unknown): void {
    this.options.logger.error({ task, ...errorFacts(err) }, 'background task failed; its next run retries');
  }
}
