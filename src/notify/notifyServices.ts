import type { Storage } from '../store/storage';
import type { ApprovalRequest } from '../approvals/types';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { AlertStore } from './alertStore';
import { DigestScheduler } from './digestScheduler';
import { DstPlanner } from './dstPlanner';
import { DstReminders } from './dstReminders';
import { DstShiftStore } from './dstShifts';
import type { JobPoller } from '../backup/jobPoller';
import { JobWatcher } from './jobWatcher';
import type { Clock, NotifyBackup, OutboxPort } from './ports';
import { SubscriptionStore } from './subscriptionStore';

export interface NotifyDeps {
  config: Pick<Config, 'defaultTimeZone' | 'watchIntervalSeconds' | 'staleBackupHours'>;
  storage: Storage;
  logger: Logger;
  backup: NotifyBackup;
  outbox: OutboxPort;
  /** Defaults to the system clock; sandbox mode passes the sandbox's simulated clock. */
  clock?: Clock;
  /** Reads approval requests (for the DST reminders' "already requested" note). */
  approvalRequest?: (id: string) => Promise<ApprovalRequest | undefined>;
  /** The job reads shared with the job follower (one read of a job per poll); default: the watcher reads for itself. */
  jobs?: Pick<JobPoller, 'read'>;
  /** Other per-minute work that must run on one replica only (the approvals' expiry sweep). */
  housekeeping?: (now: Date) => Promise<unknown>;
}

/**
 * Everything proactive: subscriptions, the job watcher (alerts), digests, DST reminders. The
 * background runner (src/runner/) drives `watcher.tick()` and `runDue()`; commands and card
 * actions reach this as `services.notify`.
 */
export class NotifyServices {
  readonly clock: Clock;
  readonly subscriptions: SubscriptionStore;
  readonly alerts: AlertStore;
  readonly planner: DstPlanner;
  readonly watcher: JobWatcher;
  readonly digests: DigestScheduler;
  readonly shifts: DstShiftStore;
  readonly reminders: DstReminders;
  readonly backup: NotifyBackup;
  /** Where every proactive message goes (the persistent outbox). */
  readonly outbox: OutboxPort;
  readonly defaultTimeZone: string;
  private readonly housekeeping?: (now: Date) => Promise<unknown>;

  constructor(deps: NotifyDeps) {
    const { storage, logger, outbox, backup, config } = deps;
    this.clock = deps.clock ?? (() => new Date());
    this.backup = backup;
    this.outbox = outbox;
    this.defaultTimeZone = config.defaultTimeZone;
    this.housekeeping = deps.housekeeping;
    this.subscriptions = new SubscriptionStore(storage);
    this.alerts = new AlertStore(storage);
    this.planner = new DstPlanner({ backup, clock: this.clock, logger });
    this.watcher = new JobWatcher({
      storage,
      backup,
      outbox,
      logger,
      clock: this.clock,
      timeZone: config.defaultTimeZone,
      // Only ended reads are taken from the follower: a running one may be a follow interval old.
      readJob: deps.jobs ? (vault, jobId) => deps.jobs!.read({ jobId, vaultId: vault.id, region: vault.location }, { runningOk: false }) : undefined,
      policyInfo: (vaultId, vm) => this.planner.policyOf(vaultId, vm).catch(() => ({})),
    });
    this.digests = new DigestScheduler({ storage, outbox, logger, clock: this.clock, staleBackupHours: config.staleBackupHours, backup, refresh: () => this.watcher.tick() });
    const approvalRequest = deps.approvalRequest ?? (async () => undefined);
    this.shifts = new DstShiftStore(storage, approvalRequest);
    this.reminders = new DstReminders({
      planner: this.planner,
      subscriptions: this.subscriptions,
      outbox,
      logger,
      clock: this.clock,
      shiftNote: (change) => this.shifts.noteFor(change),
    });
  }

  /** The per-minute check: digests, DST reminders, then housekeeping due at `now`. */
  async runDue(now: Date = this.clock()): Promise<void> {
    await this.digests.runDue(now);
    await this.reminders.runDue(now);
    await this.housekeeping?.(now);
  }
}
