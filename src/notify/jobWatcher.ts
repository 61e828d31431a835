import type { Storage } from '../store/storage';
import { cardMessage } from '../bot/messages';
import { isBackupError } from '../backup/backupError';
import type { JobView } from '../backup/jobPhases';
import { errorFacts, type Logger } from '../logger';
import { readItem, writeItem } from '../store/storeHelpers';
import { hasOsSpecificSteps } from '../backup/errorAdvice';
import { alertCard, alertViewModel } from './alertCard';
import { AlertStore, alertMessageKey } from './alertStore';
import { JobJournal, type RunningJob } from './jobJournal';
import { MAX_JOBS_PER_QUERY, type Clock, type NotifyBackup, type OutboxPort, type VaultInfo } from './ports';
import { SubscriptionStore, alertWants, type ConversationSubscriptions } from './subscriptionStore';

/** What the watcher persists per vault between ticks (and across restarts). */
export interface VaultWatchState {
  vaultId: string;
  vault: string;
  /** Jobs that started at or after this instant (minus the overlap) are listed on the next tick. */
  watermark: string;
  /** Terminal jobs already handled: job id -> start time (ms), pruned once outside every query window. */
  seen: Record<string, number>;
  /** Jobs seen running; a long transfer is followed until it ends, even after it left the window. */
  running: Record<string, RunningJob>;
  protectedRefreshedAt?: string;
  prunedJournalAt?: string;
  /** When followed jobs the listing did not cover were last read by id. */
  followedByIdAt?: string;
}

export interface JobWatcherOptions {
  storage: Storage;
  backup: NotifyBackup;
  outbox: OutboxPort;
  logger: Logger;
  clock: Clock;
  /** Zone alert cards show times in. */
  timeZone: string;
  /** Re-list jobs this far before the watermark: Azure's job list is eventually consistent. */
  overlapMinutes?: number;
  /** First tick for a vault: how far back to learn history (alerts are not sent for it). */
  baselineHours?: number;
  /** How often the protected-items listing (last successful backup per VM) is refreshed. */
  protectedRefreshMinutes?: number;
  /** A followed job that started within this many hours is followed by extending the tick's one listing back to it (default 12). */
  followByListHours?: number;
  /** Followed jobs older than that (or cut off a full listing) are read by id at most this often (default 10 minutes). */
  followByIdMinutes?: number;
  /** A job running longer than this is no longer followed. */
  maxRunningDays?: number;
  /**
   * Reads one job by id; app.ts passes the job poller shared with the job follower, so a job the
   * follower already saw end is not read again. Default: `backup.getJob`.
   */
  readJob?: (vault: VaultInfo, jobId: string) => Promise<JobView>;
  /** Instant-restore days per "vaultId|policy" when known (from the DST planner's policy cache). */
  policyInfo?: (vaultId: string, vm: string) => Promise<{ policy?: string; instantRestoreDays?: number }>;
}

export interface TickReport {
  vaults: number;
  failedVaults: string[];
  newTerminalJobs: number;
  alertsQueued: number;
}

export interface WatcherHealth {
  lastSuccessAt?: Date;
  lastFailureAt?: Date;
  lastError?: string;
}

const REPORTED_STATUSES = ['CompletedWithWarnings', 'Failed'] as const;

/** Followed jobs read one by one per tick at most (the rest wait for the next tick). */
const MAX_LOOKUPS_PER_TICK = 20;

export const watchKey = (vaultId: string) => `notify/watch/${vaultId.toLowerCase()}`;

/** The vaults the watcher covers, so the digest knows which journals to read without asking Azure. */
export const WATCHED_VAULTS_KEY = 'notify/watched-vaults';

export interface WatchedVaults {
  vaults: Array<{ id: string; name: string }>;
}

/**
 * Lists each vault's jobs since a persisted watermark and queues one alert per subscribed
 * conversation for each backup job that ends with warnings or fails. Exactly once: the outbox
 * ignores a repeated idempotency key, and handled jobs are remembered per vault.
 */
export class JobWatcher {
  private readonly subscriptions: SubscriptionStore;
  private readonly alerts: AlertStore;
  readonly journal: JobJournal;
  private running: Promise<TickReport> | undefined;
  private lastOutcome: WatcherHealth = {};

  private readonly readJob: NonNullable<JobWatcherOptions['readJob']>;

  constructor(private readonly options: JobWatcherOptions) {
    this.readJob = options.readJob ?? ((vault, jobId) => options.backup.getJob(vault, jobId));
    this.subscriptions = new SubscriptionStore(options.storage);
    this.alerts = new AlertStore(options.storage);
    this.journal = new JobJournal(options.storage);
  }

  /** One pass over every vault. Concurrent calls share the pass in progress. */
  tick(): Promise<TickReport> {
    if (this.running === undefined) {
      this.running = this.pass()
        .then(
          (report) => this.noteOutcome(report),
          (err: unknown) => {
            this.lastOutcome = { ...this.lastOutcome, lastFailureAt: new Date(), lastError: String(err).slice(0, 300) };
            throw err;
          },
        )
        .finally(() => {
          this.running = undefined;
        });
    }
    return this.running;
  }

  /** When the last pass that checked at least one vault ended (wall clock), and the last failure, for /readyz. */
  health(): WatcherHealth {
    return { ...this.lastOutcome };
  }

  private noteOutcome(report: TickReport): TickReport {
    const now = new Date();
    if (report.vaults === 0 || report.failedVaults.length < report.vaults) this.lastOutcome = { ...this.lastOutcome, lastSuccessAt: now };
    if (report.failedVaults.length > 0) this.lastOutcome = { ...this.lastOutcome, lastFailureAt: now, lastError: `could not check ${report.failedVaults.join(', ')}` };
    return report;
  }

  /** Persisted state of one vault (tests and the digest read it). */
  async state(vaultId: string): Promise<VaultWatchState | undefined> {
    return readItem<VaultWatchState>(this.options.storage, watchKey(vaultId));
  }

  private async pass(): Promise<TickReport> {
    const report: TickReport = { vaults: 0, failedVaults: [], newTerminalJobs: 0, alertsQueued: 0 };
    const vaults = await this.options.backup.listVaults();
    await this.rememberVaults(vaults);
    const subscriptions = await this.subscriptions.all();
    for (const vault of vaults) {
      report.vaults++;
      try {
        const { terminal, queued } = await this.watchVault(vault, subscriptions);
        report.newTerminalJobs += terminal;
        report.alertsQueued += queued;
      } catch (err) {
        // One vault failing (throttled, forbidden) must not stop the others; its watermark stays put.
        report.failedVaults.push(vault.name);
        this.options.logger.warn({ ...errorFacts(err), vault: vault.name }, 'job watcher: could not check this vault, will retry next tick');
      }
    }
    return report;
  }

  private async rememberVaults(vaults: VaultInfo[]): Promise<void> {
    const next: WatchedVaults = { vaults: vaults.map((v) => ({ id: v.id, name: v.name })) };
    const current = await readItem<WatchedVaults>(this.options.storage, WATCHED_VAULTS_KEY);
    if (JSON.stringify(current?.vaults) !== JSON.stringify(next.vaults)) await writeItem(this.options.storage, WATCHED_VAULTS_KEY, next);
  }

  private async watchVault(vault: VaultInfo, subscriptions: ConversationSubscriptions[]): Promise<{ terminal: number; queued: number }> {
    const { clock } = this.options;
    const now = clock();
    const stored = await this.state(vault.id);
    const baseline = stored === undefined;
    const state: VaultWatchState = stored ?? {
      vaultId: vault.id,
      vault: vault.name,
      watermark: new Date(now.getTime() - hours(this.options.baselineHours ?? 24)).toISOString(),
      seen: {},
      running: {},
    };
    if (!baseline) this.clampToServiceClock(state, now);
    const since = new Date(Date.parse(state.watermark) - minutes(this.options.overlapMinutes ?? 15));
    const jobs = await this.listWindow(vault, state, since, now);

    const fresh: JobView[] = [];
    for (const job of jobs.values()) {
      if (job.operation.toLowerCase() !== 'backup') continue;
      if (!job.terminal) {
        if (job.start !== undefined) state.running[job.id] = { id: job.id, vm: job.vm, start: job.start };
        continue;
      }
      delete state.running[job.id];
      if (state.seen[job.id] === undefined) fresh.push(job);
    }

    let watermark = now;
    let queued = 0;
    const handled: JobView[] = [];
    for (const job of fresh) {
      try {
        // The first pass over a vault only learns its history: nobody is alerted about the past.
        const outcome = baseline ? { job, queued: 0 } : await this.report(vault, job, subscriptions, now);
        queued += outcome.queued;
        handled.push(outcome.job);
        state.seen[job.id] = Date.parse(job.start ?? job.end ?? now.toISOString());
      } catch (err) {
        // Not marked seen: the job is retried next tick, whose window must still include it.
        this.options.logger.warn({ ...errorFacts(err), jobId: job.id, vault: vault.name }, 'job watcher: could not report a job, will retry');
        const start = job.start === undefined ? now : new Date(job.start);
        if (start < watermark) watermark = start;
      }
    }
    await this.journal.record(vault, handled);
    await this.journal.recordSuccesses(vault, handled);
    await this.refreshProtectedIfDue(vault, state, now);
    await this.pruneJournalIfDue(vault, state, now);

    state.watermark = watermark.toISOString();
    pruneState(state, since, now, this.options.maxRunningDays ?? 14);
    await writeItem(this.options.storage, watchKey(vault.id), state);
    return { terminal: fresh.length, queued };
  }

  /**
   * A watermark ahead of the service's clock (clock skew, a restored copy of the store, the sandbox
   * restarted at its seed while data/ kept its marks) would ask for jobs that start after the end
   * of the window: Azure answers 400 BMSUserErrorInvalidInput on every tick and the watcher stops.
   * Start again from the service's now instead, once, saying so; jobs remembered from that future
   * cannot exist at the service, so they are forgotten (the outbox key still stops a repeat alert).
   */
  private clampToServiceClock(state: VaultWatchState, now: Date): void {
    const watermark = Date.parse(state.watermark);
    if (!(watermark > now.getTime()) && Number.isFinite(watermark)) return;
    this.options.logger.warn(
      { vault: state.vault, watermark: state.watermark, serviceNow: now.toISOString(), aheadMinutes: Math.round((watermark - now.getTime()) / 60_000) },
      "job watcher: the stored watermark is ahead of the service's clock (clock skew, a restored store, or a sandbox restarted at its seed); watching from the service's now",
    );
    state.watermark = now.toISOString();
    for (const [id, start] of Object.entries(state.seen)) if (start > now.getTime()) delete state.seen[id];
    for (const [id, job] of Object.entries(state.running)) if (Date.parse(job.start) > now.getTime()) delete state.running[id];
  }

  /**
   * One listing per vault and tick covers both the new jobs and the ones followed from earlier
   * windows: it starts at the oldest followed job that started within `followByListHours` (a
   * backup window's jobs, a page or two), else at the usual window. A followed job that listing
   * does not cover (running longer than that, or cut off a full listing) ended otherwise or runs
   * on: it is read by id, a few at a time and only every `followByIdMinutes`, so an idle tick stays
   * one list per vault (issue 16).
   */
  private async listWindow(vault: VaultInfo, state: VaultWatchState, since: Date, now: Date): Promise<Map<string, JobView>> {
    const { backup } = this.options;
    const from = listingStart(state, since, now, this.options.followByListHours ?? 12);
    const jobs = new Map<string, JobView>();
    const listed = await backup.listJobs(vault, from);
    for (const job of listed) jobs.set(job.id, job);
    if (listed.length >= MAX_JOBS_PER_QUERY) {
      // A full listing may have cut the oldest jobs off (a long outage, a huge vault): the ones that
      // matter most are asked for by status, which are few.
      for (const status of REPORTED_STATUSES) for (const job of await backup.listJobs(vault, from, status)) jobs.set(job.id, job);
    }
    const unlisted = Object.values(state.running).filter((job) => !jobs.has(job.id));
    if (unlisted.length === 0 || !due(state.followedByIdAt, now, minutes(this.options.followByIdMinutes ?? 10))) return jobs;
    state.followedByIdAt = now.toISOString();
    for (const job of unlisted.slice(0, MAX_LOOKUPS_PER_TICK)) {
      try {
        jobs.set(job.id, await this.readJob(vault, job.id));
      } catch (err) {
        // Gone (deleted with the item's data): stop following it. Anything else: try again next time.
        if (!(isBackupError(err) && err.code === 'not-found')) throw err;
        this.options.logger.info({ jobId: job.id, vault: vault.name }, 'job watcher: a followed job no longer exists');
        delete state.running[job.id];
      }
    }
    return jobs;
  }

  /** Fetches details only for jobs someone will hear about, queues the alerts, returns the detailed job. */
  private async report(vault: VaultInfo, job: JobView, subscriptions: ConversationSubscriptions[], now: Date): Promise<{ job: JobView; queued: number }> {
    if (!(REPORTED_STATUSES as readonly string[]).includes(job.status)) return { job, queued: 0 };
    const jobEnd = Date.parse(job.end ?? job.start ?? now.toISOString());
    const targets = subscriptions.filter(
      (s) => s.alerts !== undefined && alertWants(s.alerts, vault.name, job.status) && Date.parse(s.alerts.since) <= jobEnd,
    );
    const digestWanted = subscriptions.some((s) => s.digest !== undefined) && job.errors.length === 0;
    if (targets.length === 0 && !digestWanted) return { job, queued: 0 };
    const detailed = await this.readJob(vault, job.id);
    if (targets.length === 0) return { job: detailed, queued: 0 };

    const policy = (await this.options.policyInfo?.(vault.id, detailed.vm)) ?? {};
    // Read only for a job that alerts and only when its remedies differ by OS (then remembered per VM).
    const osType = hasOsSpecificSteps(detailed.errors) ? await this.options.backup.vmOsType(detailed) : undefined;
    const model = alertViewModel(detailed, vault.name, { ...policy, timeZone: this.options.timeZone, ...(osType ? { osType } : {}) });
    const conversationIds = targets.map((s) => s.conversationId);
    await this.alerts.save(model, conversationIds, now);
    const card = alertCard(model);
    for (const conversationId of conversationIds) {
      const result = await this.options.outbox.enqueue({
        key: alertMessageKey(job.id, conversationId),
        conversationId,
        kind: 'send',
        activity: { ...cardMessage(card), summary: model.title },
      });
      if (!result.queued && result.reason !== 'duplicate') {
        this.options.logger.info({ jobId: job.id, conversationId, reason: result.reason }, 'job watcher: alert not queued for this conversation');
      }
    }
    return { job: detailed, queued: conversationIds.length };
  }

  private async refreshProtectedIfDue(vault: VaultInfo, state: VaultWatchState, now: Date): Promise<void> {
    const every = minutes(this.options.protectedRefreshMinutes ?? 60);
    if (state.protectedRefreshedAt !== undefined && now.getTime() - Date.parse(state.protectedRefreshedAt) < every) return;
    try {
      const vms = await this.options.backup.listProtectedVms(vault);
      await this.journal.refreshProtected(vault, vms, now);
      state.protectedRefreshedAt = now.toISOString();
    } catch (err) {
      this.options.logger.warn({ ...errorFacts(err), vault: vault.name }, 'job watcher: could not refresh protected items');
    }
  }

  private async pruneJournalIfDue(vault: VaultInfo, state: VaultWatchState, now: Date): Promise<void> {
    if (state.prunedJournalAt !== undefined && now.getTime() - Date.parse(state.prunedJournalAt) < hours(24)) return;
    await this.journal.prune(vault.id, now);
    state.prunedJournalAt = now.toISOString();
  }
}

/** Start of the tick's listing: the window's start, or the start of the oldest followed job that started within `followHours`. */
function listingStart(state: VaultWatchState, since: Date, now: Date, followHours: number): Date {
  const earliest = now.getTime() - hours(followHours);
  const starts = Object.values(state.running)
    .map((job) => Date.parse(job.start))
    .filter((start) => start >= earliest && start < since.getTime());
  return starts.length === 0 ? since : new Date(Math.min(...starts));
}

function due(last: string | undefined, now: Date, everyMs: number): boolean {
  return last === undefined || !(now.getTime() - Date.parse(last) < everyMs);
}

/**
 * Keeps `seen` only for jobs that a later query could still return (started after the oldest
 * window start, with a day of margin) and stops following jobs running for too long.
 */
function pruneState(state: VaultWatchState, since: Date, now: Date, maxRunningDays: number): void {
  for (const [id, job] of Object.entries(state.running)) {
    if (now.getTime() - Date.parse(job.start) > maxRunningDays * 24 * 3_600_000) delete state.running[id];
  }
  const starts = Object.values(state.running).map((job) => Date.parse(job.start));
  const oldestQueried = Math.min(since.getTime(), ...starts);
  const keepAfter = oldestQueried - hours(24);
  for (const [id, start] of Object.entries(state.seen)) if (start < keepAfter) delete state.seen[id];
}

function minutes(n: number): number {
  return n * 60_000;
}

function hours(n: number): number {
  return n * 3_600_000;
}
