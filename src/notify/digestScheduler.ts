import type { Storage } from '../store/storage';
import { cardMessage } from '../bot/messages';
import { errorFacts, type Logger } from '../logger';
import { readItem } from '../store/storeHelpers';
import { buildDigest, digestCard, type DigestProtectedVm, type DigestRunningJob } from './digest';
import { JOURNAL_DAYS, JobJournal } from './jobJournal';
import { WATCHED_VAULTS_KEY, watchKey, type VaultWatchState, type WatchedVaults } from './jobWatcher';
import { computeCoverage, type Counts } from '../backup/lifecycle/coverage';
import type { Clock, NotifyBackup, OutboxPort } from './ports';
import { dueFireTime } from './schedule';
import { SubscriptionStore, type ConversationSubscriptions, type DigestSubscription } from './subscriptionStore';

export interface DigestSchedulerOptions {
  storage: Storage;
  outbox: OutboxPort;
  logger: Logger;
  clock: Clock;
  staleBackupHours: number;
  /** Reads the VMs for the coverage line ("3 VMs unprotected, 2 stale"). */
  backup: Pick<NotifyBackup, 'coverageVms'>;
  /** Brings the watcher's data up to date before digests are built (once per run with something due). */
  refresh?: () => Promise<unknown>;
}

/**
 * Sends each digest subscription its card at the schedule's fire times, in the subscription's zone.
 * `runDue(now)` is the whole scheduler: node-schedule calls it every minute in production, tests
 * call it with the sandbox's clock. Built from what the job watcher stored: no ARM call.
 */
export class DigestScheduler {
  private readonly subscriptions: SubscriptionStore;
  private readonly journal: JobJournal;

  constructor(private readonly options: DigestSchedulerOptions) {
    this.subscriptions = new SubscriptionStore(options.storage);
    this.journal = new JobJournal(options.storage);
  }

  /** Sends every digest due at `now`; returns the conversations that got one. */
  async runDue(now: Date = this.options.clock()): Promise<string[]> {
    const sent: string[] = [];
    const due = (await this.subscriptions.all()).flatMap((subs) => {
      const digest = subs.digest;
      const fireTime = digest === undefined ? undefined : dueFireTime(digest, new Date(digest.lastFiredAt ?? digest.since), now);
      return digest === undefined || fireTime === undefined ? [] : [{ subs, digest, fireTime }];
    });
    if (due.length === 0) return sent;
    await this.refreshWatcher();
    for (const { subs, digest, fireTime } of due) {
      try {
        await this.send(subs, digest, fireTime);
        sent.push(subs.conversationId);
      } catch (err) {
        this.options.logger.warn({ ...errorFacts(err), conversationId: subs.conversationId }, 'digest: could not queue, will retry next minute');
      }
    }
    return sent;
  }

  private async refreshWatcher(): Promise<void> {
    try {
      await this.options.refresh?.();
    } catch (err) {
      this.options.logger.warn(errorFacts(err), 'digest: the job watcher could not refresh; the digest uses what it has');
    }
  }

  /** The card a digest would show for the window ending at `end` (also used by tests). */
  async build(digest: Pick<DigestSubscription, 'timeZone' | 'lastFiredAt'>, end: Date) {
    const earliest = end.getTime() - JOURNAL_DAYS * 24 * 3_600_000;
    const start = new Date(Math.max(earliest, digest.lastFiredAt ? Date.parse(digest.lastFiredAt) : end.getTime() - 24 * 3_600_000));
    const vaults = (await readItem<WatchedVaults>(this.options.storage, WATCHED_VAULTS_KEY))?.vaults ?? [];
    const ended = await this.journal.ended(
      vaults.map((v) => v.id),
      start,
      end,
    );
    const running: DigestRunningJob[] = [];
    const protectedVms: DigestProtectedVm[] = [];
    for (const vault of vaults) {
      const state = await readItem<VaultWatchState>(this.options.storage, watchKey(vault.id));
      for (const job of Object.values(state?.running ?? {})) running.push({ ...job, vault: vault.name });
      const snapshot = await this.journal.protectedVms(vault.id);
      for (const vm of Object.values(snapshot?.vms ?? {})) {
        protectedVms.push({ vm: vm.vm, vault: vault.name, policy: vm.policy, lastSuccessfulBackup: vm.lastSuccessfulBackup, scheduleIntervalHours: vm.scheduleIntervalHours });
      }
    }
    return buildDigest({
      windowStart: start,
      windowEnd: end,
      timeZone: digest.timeZone,
      ended,
      running: running.filter((job) => Date.parse(job.start) <= end.getTime()),
      protectedVms,
      staleBackupHours: this.options.staleBackupHours,
      coverage: await this.coverage(end),
    });
  }

  /** The estate's coverage counts at `end`; undefined (the line is left out) when Azure cannot be read. */
  private async coverage(end: Date): Promise<Counts | undefined> {
    try {
      return computeCoverage(await this.options.backup.coverageVms(), end, this.options.staleBackupHours).counts;
    } catch (err) {
      this.options.logger.warn(errorFacts(err), 'digest: the VMs could not be read; the digest goes out without its coverage line');
      return undefined;
    }
  }

  private async send(subs: ConversationSubscriptions, digest: DigestSubscription, fireTime: Date): Promise<void> {
    const model = await this.build(digest, fireTime);
    await this.options.outbox.enqueue({
      key: `digest:${subs.conversationId}:${fireTime.toISOString()}`,
      conversationId: subs.conversationId,
      kind: 'send',
      activity: { ...cardMessage(digestCard(model)), summary: model.summary },
    });
    await this.subscriptions.markDigestFired(subs.conversationId, fireTime, digest.cron);
  }
}
