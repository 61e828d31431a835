import type { Storage } from '../store/storage';
import { cardMessage } from '../bot/messages';
import type { ApprovalService } from '../approvals/approvalService';
import type { BackupService } from '../backup/backupService';
import type { JobPoller } from '../backup/jobPoller';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { Lease, defaultHolderId } from '../store/lease';
import type { LeaderLease } from '../store/leaderLease';
import { LeaseKeeper } from '../store/leaseKeeper';
import type { ProactiveSender } from '../bot/proactiveSender';
import type { BackgroundRunner } from '../runner/backgroundRunner';
import { notifyBackupFrom } from './backupAdapter';
import { ConversationRegistry } from './conversationRegistry';
import { NotifyServices } from './notifyServices';
import { Outbox } from './outbox';
import type { OutboxLimits } from './outboxLimits';
import type { Clock } from './ports';

export interface ProactiveOptions {
  config: Config;
  storage: Storage;
  logger: Logger;
  /** Posts and edits messages outside a turn (teams/adapterSender.ts over the real adapter). */
  sender: ProactiveSender;
  backup: BackupService;
  /** Domain time (the sandbox clock in sandbox mode): job times, digest and DST schedules. */
  clock: Clock;
  approvals?: ApprovalService;
  /** One read of a job per poll, shared by the job watcher and the job follower. */
  jobs: JobPoller;
  /** Outbox pacing overrides (tests shorten backoffs). */
  outboxLimits?: Partial<OutboxLimits>;
  /** No other process uses `storage` (the file store under its DATA_DIR lock); see Outbox. */
  exclusiveStore?: boolean;
  /** Where the lease renewal, outbox, watcher and due-check run (app.ts builds it; its timers are off in tests, which call watcher.tick() and runDue(now)). */
  runner: BackgroundRunner;
  /** Builds the leader lease (a blob lease with STORAGE=blob); default: the eTag-emulated Lease on `storage`. */
  leaderLease?: (name: string, holderId: string, seconds: number) => LeaderLease;
}

/** The lease that makes one replica run the schedulers and the outbox drain. */
export const NOTIFY_LEASE = 'notify';

/** Names of the background tasks registered here (BackgroundRunner.runNow). */
export const TASKS = { lease: 'leader-lease', outbox: 'outbox', watcher: 'job-watcher', due: 'due-check' } as const;

/** The due-check (digests, DST reminders, approval expiry) runs at second 0 of every minute. */
const DUE_CHECK_CRON = '0 * * * * *';

/**
 * Everything that sends without being asked, wired together: the conversation registry, the
 * outbox over the real adapter, and notify/ (watcher, digests, DST reminders) behind one lease,
 * all registered on the background runner. The composition root creates it, puts `registry` and
 * `notify` into Services, starts it before the runner and stops it after.
 */
export class ProactiveStack {
  readonly registry: ConversationRegistry;
  readonly outbox: Outbox;
  readonly notify: NotifyServices;
  readonly leaseKeeper: LeaseKeeper;
  private readonly lease: LeaderLease;
  private started = false;
  /** Set once start-up is done: from then on, becoming leader is a takeover (start-up has its own first ticks). */
  private takeoverCatchesUp = false;
  private catchingUp?: Promise<void>;

  constructor(private readonly options: ProactiveOptions) {
    const { storage, logger, sender, config } = options;
    this.registry = new ConversationRegistry({ storage, logger });
    const sendTimeoutMs = config.outboxSendTimeoutSeconds * 1_000;
    // A 'sending' mark outlives the send timeout, so a slow send is never picked up twice.
    const limits = { sendTimeoutMs, inFlightTimeoutMs: 2 * sendTimeoutMs, ...options.outboxLimits };
    this.outbox = new Outbox({ storage, registry: this.registry, sender, logger, limits, exclusiveStore: options.exclusiveStore });
    const seconds = config.leaderLeaseSeconds;
    const holderId = defaultHolderId();
    const lease = options.leaderLease?.(NOTIFY_LEASE, holderId, seconds) ?? new Lease({ storage, name: NOTIFY_LEASE, holderId, ttlMs: seconds * 1_000 });
    this.lease = lease;
    this.leaseKeeper = new LeaseKeeper(lease, {
      intervalMs: (seconds * 1_000) / 3,
      logger,
      // Pacing is per process, so only the lease holder drains the outbox. A new leader catches
      // up at once on what fell due while no replica led (digests, alerts), not at the next tick.
      onChange: (held) => {
        options.runner.leaderChanged();
        if (held && this.takeoverCatchesUp) this.catchingUp ??= this.catchUp().finally(() => (this.catchingUp = undefined));
      },
    });
    const approvals = options.approvals;
    this.notify = new NotifyServices({
      config,
      storage,
      logger,
      backup: notifyBackupFrom(options.backup),
      outbox: this.outbox,
      clock: options.clock,
      jobs: options.jobs,
      approvalRequest: approvals ? (id) => approvals.get(id) : undefined,
      // Expired approval requests get their cards updated by the same single replica.
      housekeeping: approvals ? (now) => approvals.sweepExpired(now) : undefined,
    });
    approvals?.setCardUpdater({
      updateCard: async (card, content, key, version) => {
        const conversationId = card.conversation.conversation?.id;
        if (conversationId === undefined) return;
        await this.outbox.enqueue({ key, conversationId, kind: 'update', activityId: card.activityId, activity: cardMessage(content), version });
      },
    });
    this.register(options.runner, config);
  }

  private register(runner: BackgroundRunner, config: Config): void {
    // Every replica renews or tries to take the lease, timers on or off (the outbox depends on it).
    runner.periodic(TASKS.lease, { everyMs: this.leaseKeeper.intervalMs }, { leaderOnly: false, upkeep: true }, () => this.leaseKeeper.tick());
    // Pacing is per process, so only the lease holder drains the outbox.
    runner.continuous(TASKS.outbox, { leaderOnly: true }, this.outbox);
    runner.periodic(TASKS.watcher, { everyMs: config.watchIntervalSeconds * 1_000 }, { leaderOnly: true }, () => this.notify.watcher.tick());
    runner.periodic(TASKS.due, { cron: DUE_CHECK_CRON }, { leaderOnly: true }, () => this.notify.runDue(this.options.clock()));
  }

  /** Takes part in the lease election (first round now, so the runner starts knowing who leads). */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    // takeOver is the file store's (eTag-emulated) Lease only; blob leases are never exclusive.
    if (this.options.exclusiveStore && this.lease instanceof Lease) {
      const previous = await this.lease.current();
      if (previous?.holder && previous.expiresAt > Date.now()) this.options.logger.info({ previous: previous.holder }, 'taking over the lease of the previous process on this DATA_DIR (it is no longer running)');
      await this.lease.takeOver();
    }
    await this.leaseKeeper.tick();
    this.takeoverCatchesUp = this.options.runner.timersOn;
  }

  /**
   * A new leader catches up at once on what fell due while no replica led (alerts, digests), not
   * at the next tick: the watcher and the due-check run now (both idempotent; the runner logs failures).
   */
  private async catchUp(): Promise<void> {
    await this.options.runner.runNow(TASKS.watcher);
    await this.options.runner.runNow(TASKS.due);
  }

  /** After the runner stopped (no tick, no send in flight): releases the lease so another replica leads at once. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.takeoverCatchesUp = false;
    await this.catchingUp;
    await this.leaseKeeper.stop();
  }
}
