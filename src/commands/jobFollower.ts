import type { OutboxMessage } from '../notify/ports';
import type { Storage } from '../store/storage';
import { cardMessage } from '../bot/messages';
import { errorFacts, type Logger } from '../logger';
import { BackupError } from '../backup/backupError';
import type { JobPoller } from '../backup/jobPoller';
import type { JobView } from '../backup/views';
import { deleteItem, readItem, updateItem, writeItem } from '../store/storeHelpers';
import { jobCard, type JobCardContext } from './jobCard';

/**
 * Keeps a posted job card in step with its job: polls the job at each `tick()` and, when
 * its status, a phase or its errors change, edits that same message (Take Snapshot running ->
 * Transfer data to vault running -> final status). One message, edited in place; never re-posted.
 *
 * Edits go through the outbox (paced, retried, restart-safe), keyed by job and state, so one state
 * is written at most once even if a tick is repeated after a crash. Followed jobs live in Storage:
 * a restart picks them up again. The background runner calls `tick()` every `JOB_FOLLOW_INTERVAL_SECONDS`
 * on the lease holder only (app.ts); with several replicas any of them may start following (the
 * list is in the shared Storage).
 */

/** The outbox as the follower uses it (structurally the notify Outbox). */
export interface CardUpdateQueue {
  enqueue(message: OutboxMessage & { kind: 'update'; activityId: string }): Promise<unknown>;
}

/** Where the card was posted. */
export interface PostedCard {
  activityId: string;
  conversationId: string;
}

/** How the card is drawn (everything but the job itself). */
export type FollowedCardContext = Omit<JobCardContext, 'following'>;

/** What Storage keeps per followed job under `jobfollow/<jobId>`. */
export interface FollowedJob {
  jobId: string;
  /** ARM id of the job's vault (the lookup needs no search across vaults). */
  vaultId: string;
  /** The vault's region when the job was read with it: names the Storage service tag in network remedies (one read per poll cannot learn it). */
  region?: string;
  posted: PostedCard;
  card: FollowedCardContext;
  /** State currently shown on the card (see stateOf). */
  shown: string;
  /** Real time (ms) following started; a job is followed for at most `maxFollowHours`. */
  since: number;
  /** Consecutive failed reads of the job. */
  failures: number;
}

interface FollowIndex {
  jobIds: string[];
}

export interface JobFollowerOptions {
  storage: Storage;
  /** Where jobs are read: one read per job and poll, shared with the job watcher. */
  jobs: Pick<JobPoller, 'nextPoll' | 'read'>;
  backup: {
    /** Called when a followed job ends: its VM's last backup changed, so cached VM lists are out of date. */
    invalidateCache(options?: { keepVaultList?: boolean }): void;
  };
  outbox: CardUpdateQueue;
  logger: Logger;
  /** Transfers can take days; after this the card says so and following stops (default 72 h). */
  maxFollowHours?: number;
  /** Real clock (ms), for the give-up time. */
  now?: () => number;
}

export const FOLLOW_KEY_PREFIX = 'jobfollow/';
export const FOLLOW_INDEX_KEY = 'jobfollow-index';
const followKey = (jobId: string) => `${FOLLOW_KEY_PREFIX}${jobId.toLowerCase()}`;

/** The parts of a job the card shows that can change while it runs. */
export function stateOf(job: JobView): string {
  const phases = job.phases.map((phase) => `${phase.name}=${phase.status}`).join(',');
  const errors = job.errors.map((error) => error.code).join(',');
  return `${job.status}|${phases}|${errors}`;
}

export class JobFollower {
  private readonly now: () => number;
  private readonly maxFollowMs: number;
  private ticking?: Promise<void>;

  constructor(private readonly options: JobFollowerOptions) {
    this.now = options.now ?? Date.now;
    this.maxFollowMs = (options.maxFollowHours ?? 72) * 3_600_000;
  }

  /** Starts following `job` on the card posted at `posted`. A job already finished needs nothing. */
  async follow(job: JobView, posted: PostedCard, card: FollowedCardContext): Promise<void> {
    if (job.terminal) return;
    if (!job.vaultId) throw new Error(`job ${job.id} has no vault id to follow it with`);
    const record: FollowedJob = { jobId: job.id, vaultId: job.vaultId, ...(job.region ? { region: job.region } : {}), posted, card, shown: stateOf(job), since: this.now(), failures: 0 };
    await writeItem(this.options.storage, followKey(job.id), record);
    await updateItem<FollowIndex>(this.options.storage, FOLLOW_INDEX_KEY, (index) => {
      const ids = index?.jobIds ?? [];
      return ids.includes(job.id) ? undefined : { jobIds: [...ids, job.id] };
    });
    this.options.logger.info({ jobId: job.id, activityId: posted.activityId }, 'following job');
  }

  /** Jobs being followed (ids), from Storage. */
  async followed(): Promise<string[]> {
    return (await readItem<FollowIndex>(this.options.storage, FOLLOW_INDEX_KEY))?.jobIds ?? [];
  }

  /**
   * One pass over every followed job (jobs followed before a restart included: the list is in
   * Storage). Concurrent calls share the pass in progress; an aborted `signal` (shutdown) ends it
   * between two jobs.
   */
  tick(signal?: AbortSignal): Promise<void> {
    if (!this.ticking) {
      this.ticking = this.pass(signal).finally(() => {
        this.ticking = undefined;
      });
    }
    return this.ticking;
  }

  private async pass(signal: AbortSignal | undefined): Promise<void> {
    this.options.jobs.nextPoll();
    for (const jobId of await this.followed()) {
      if (signal?.aborted) return;
      await this.check(jobId).catch((err: unknown) => this.options.logger.warn({ ...errorFacts(err), jobId }, 'job follower: could not check the job, will retry'));
    }
  }

  private async check(jobId: string): Promise<void> {
    const record = await readItem<FollowedJob>(this.options.storage, followKey(jobId));
    if (!record) return this.forget(jobId);
    let job: JobView;
    try {
      job = await this.options.jobs.read({ jobId: record.jobId, vaultId: record.vaultId, region: record.region });
    } catch (err) {
      return this.readFailed(record, err);
    }
    const state = stateOf(job);
    const expired = !job.terminal && this.now() - record.since > this.maxFollowMs;
    if (state !== record.shown || expired) {
      const notes = expired ? [...(record.card.notes ?? []), `This card stopped updating after ${Math.round(this.maxFollowMs / 3_600_000)} hours; type job ${job.id} for the latest status.`] : record.card.notes;
      await this.show(record, job, { ...record.card, notes, following: !expired }, expired ? `${state}|expired` : state);
    }
    if (job.terminal || expired) {
      // The card now says the backup ended; vms and coverage read right after must say so too.
      if (job.terminal) this.options.backup.invalidateCache({ keepVaultList: true });
      await this.forget(jobId);
      this.options.logger.info({ jobId, status: job.status, expired }, 'stopped following job');
    } else if (state !== record.shown || record.failures > 0) {
      await writeItem(this.options.storage, followKey(jobId), { ...record, shown: state, failures: 0 });
    }
  }

  private async show(record: FollowedJob, job: JobView, card: JobCardContext, state: string): Promise<void> {
    await this.options.outbox.enqueue({
      key: `jobcard:${record.posted.activityId}:${job.id}:${state}`,
      conversationId: record.posted.conversationId,
      kind: 'update',
      activityId: record.posted.activityId,
      activity: cardMessage(jobCard(job, card)),
    });
  }

  /** A job that disappeared (404) is dropped; anything else (throttling, outage) is retried next tick. */
  private async readFailed(record: FollowedJob, err: unknown): Promise<void> {
    // Azure's job list is eventually consistent: a job just created may 404 once or twice.
    const gone = err instanceof BackupError && err.code === 'not-found' && record.failures >= 2;
    if (gone || this.now() - record.since > this.maxFollowMs) {
      this.options.logger.warn({ ...errorFacts(err), jobId: record.jobId }, 'job follower: job no longer readable, stopped following');
      return this.forget(record.jobId);
    }
    this.options.logger.warn({ ...errorFacts(err), jobId: record.jobId, failures: record.failures + 1 }, 'job follower: could not read the job, will retry');
    await writeItem(this.options.storage, followKey(record.jobId), { ...record, failures: record.failures + 1 });
  }

  private async forget(jobId: string): Promise<void> {
    await updateItem<FollowIndex>(this.options.storage, FOLLOW_INDEX_KEY, (index) => {
      const ids = index?.jobIds ?? [];
      return ids.includes(jobId) ? { jobIds: ids.filter((id) => id !== jobId) } : undefined;
    });
    await deleteItem(this.options.storage, followKey(jobId));
  }
}
