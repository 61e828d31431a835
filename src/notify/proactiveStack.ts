import { MessageFactory, type CloudAdapter, type Storage } from 'botbuilder';
import type { ApprovalService } from '../approvals/approvalService';
import type { BackupService } from '../backup/backupService';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { Lease, defaultHolderId } from '../store/lease';
import { LeaseKeeper } from '../store/leaseKeeper';
import { createAdapterSender } from './adapterSender';
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
  adapter: CloudAdapter;
  backup: BackupService;
  /** Domain time (the sandbox clock in sandbox mode): job times, digest and DST schedules. */
  clock: Clock;
  approvals?: ApprovalService;
  /** Outbox pacing overrides (tests shorten backoffs). */
  outboxLimits?: Partial<OutboxLimits>;
  /** Start the node-schedule timers (off in tests, which call watcher.tick() and runDue(now)). */
  schedule?: boolean;
}

/** The lease that makes one replica run the schedulers and the outbox drain. */
export const NOTIFY_LEASE = 'notify';
const LEASE_TTL_MS = 60_000;

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
  private started = false;

  constructor(private readonly options: ProactiveOptions) {
    const { storage, logger, adapter, config } = options;
    this.registry = new ConversationRegistry({ storage, logger });
    this.outbox = new Outbox({ storage, registry: this.registry, sender: createAdapterSender(adapter, config.bot.appId), logger, limits: options.outboxLimits });
    const lease = new Lease({ storage, name: NOTIFY_LEASE, holderId: defaultHolderId(), ttlMs: LEASE_TTL_MS });
    this.leaseKeeper = new LeaseKeeper(lease, {
      intervalMs: LEASE_TTL_MS / 3,
      logger,
      // Pacing is per process, so only the lease holder drains the outbox.
      onChange: (held) => (held ? this.outbox.start() : void this.outbox.stop()),
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
      updateCard: async (card, content, key) => {
        const conversationId = card.conversation.conversation?.id;
        if (conversationId === undefined) return;
        await this.outbox.enqueue({ key, conversationId, kind: 'update', activityId: card.activityId, activity: MessageFactory.attachment(content) });
      },
    });
  }

  /** Takes part in the lease election; the holder drains the outbox and (if scheduled) runs the timers. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.leaseKeeper.start();
    await this.leaseKeeper.tick();
    if (this.options.schedule ?? true) this.notify.start();
  }

  /** Stops the timers, lets in-flight work finish, stops the outbox and releases the lease. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.notify.stop();
    await this.leaseKeeper.stop();
    await this.outbox.stop();
  }
}
