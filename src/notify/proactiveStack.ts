import type { Storage } from '../store/storage';
import { cardMessage } from '../bot/messages';
import type { ApprovalService } from '../approvals/approvalService';
import type { BackupService } from '../backup/backupService';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { Lease, defaultHolderId } from '../store/lease';
import type { LeaderLease } from '../store/leaderLease';
import { LeaseKeeper } from '../store/leaseKeeper';
import type { ProactiveSender } from '../bot/proactiveSender';
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
  /** Posts and edits messages outside a turn (bot/adapterSender.ts over the real adapter). */
  sender: ProactiveSender;
  backup: BackupService;
  /** Domain time (the sandbox clock in sandbox mode): job times, digest and DST schedules. */
  clock: Clock;
  approvals?: ApprovalService;
  /** Outbox pacing overrides (tests shorten backoffs). */
  outboxLimits?: Partial<OutboxLimits>;
  /** No other process uses `storage` (the file store under its DATA_DIR lock); see Outbox. */
  exclusiveStore?: boolean;
  /** Start the node-schedule timers (off in tests, which call watcher.tick() and runDue(now)). */
  schedule?: boolean;
  /** Builds the leader lease (a blob lease with STORAGE=blob); default: the eTag-emulated Lease on `storage`. */
  leaderLease?: (name: string, holderId: string, seconds: number) => LeaderLease;
}

/** The lease that makes one replica run the schedulers and the outbox drain. */
export const NOTIFY_LEASE = 'notify';

/**
 * Everything that sends without being asked, wired together: the conversation registry, the
 * outbox over the real adapter, and notify/ (watcher, digests, DST reminders) behind one lease.
 * The composition root creates it, puts `registry` and `notify` into Services, and awaits stop().
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
        if (!held) return void this.outbox.stop();
        this.outbox.start();
        if (this.takeoverCatchesUp && (this.options.schedule ?? true)) this.catchingUp ??= this.catchUp().finally(() => (this.catchingUp = undefined));
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
      approvalRequest: approvals ? (id) => approvals.get(id) : undefined,
      leader: { holds: async () => this.leaseKeeper.isLeader() },
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
  }

  /** Takes part in the lease election; the holder drains the outbox and (if scheduled) runs the timers. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    // takeOver is the file store's (eTag-emulated) Lease only; blob leases are never exclusive.
    if (this.options.exclusiveStore && this.lease instanceof Lease) {
      const previous = await this.lease.current();
      if (previous?.holder && previous.expiresAt > Date.now()) this.options.logger.info({ previous: previous.holder }, 'taking over the lease of the previous process on this DATA_DIR (it is no longer running)');
      await this.lease.takeOver();
    }
    this.leaseKeeper.start();
    await this.leaseKeeper.tick();
    this.takeoverCatchesUp = true;
    if (this.options.schedule ?? true) this.notify.start();
  }

  /** A new leader runs the watcher and the due-checks once right away (both are idempotent). */
  private async catchUp(): Promise<void> {
    try {
      await this.notify.watcher.tick();
      if (this.leaseKeeper.isLeader()) await this.notify.runDue(this.options.clock());
    } catch (err) {
      this.options.logger.warn({ err: String(err) }, 'catch-up after taking the lead failed; the next scheduled tick retries');
    }
  }

  /** Stops the timers, lets in-flight work finish, stops the outbox and releases the lease. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.takeoverCatchesUp = false;
    await this.catchingUp;
    await this.notify.stop();
    await this.leaseKeeper.stop();
    await this.outbox.stop();
  }
}
