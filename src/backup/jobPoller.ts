import type { JobRef } from './backupService';
import type { JobView } from './views';

/** Reads one job of one vault (BackupService.readJob: one ARM GET of the job, the vault taken from its id). */
export type ReadJob = (job: JobRef) => Promise<JobView>;

interface Read {
  /** The poll this read belongs to; ended jobs never change, so theirs is kept for every later poll. */
  poll: number;
  job: Promise<JobView>;
}

/**
 * The one place background work reads a single job (issue 12): the job follower (a card the bot
 * posted, edited as its job moves) and the job watcher (alerts for jobs ending with warnings or
 * failed) share one read of a job per poll instead of each asking Azure.
 *
 * A poll starts with `nextPoll()` (the follower's pass, every JOB_FOLLOW_INTERVAL_SECONDS). Within a
 * poll a job is read once, concurrent asks included; a read of an ended job is reused by every later
 * poll and by the watcher (the alert's detail read of a job the follower saw end costs nothing). The
 * watcher, on its own cadence, never takes a running read from the follower's poll (`runningOk:
 * false`): it may be a whole follow interval old. A failed read is not kept. The newest `maxKept`
 * reads are remembered.
 */
export class JobPoller {
  private poll = 0;
  private readonly reads = new Map<string, Read>();

  constructor(
    private readonly readJob: ReadJob,
    private readonly maxKept = 500,
  ) {}

  /** Starts a new poll: running jobs are read again from now on. */
  nextPoll(): void {
    this.poll++;
  }

  /**
   * The job as read in this poll (reading it if nobody did yet). `runningOk: false`: only a read
   * that shows the job ended is reused (ended jobs do not change); else it is read now.
   */
  async read(job: JobRef, options: { runningOk?: boolean } = {}): Promise<JobView> {
    const key = `${job.vaultId.toLowerCase()}|${job.jobId.toLowerCase()}`;
    const known = this.reads.get(key);
    if (known && (known.poll === Infinity || known.poll === this.poll)) {
      const shared = await known.job;
      if (shared.terminal || options.runningOk !== false) return shared;
    }
    return this.fresh(key, job);
  }

  private fresh(key: string, job: JobRef): Promise<JobView> {
    const read: Read = { poll: this.poll, job: this.readJob(job) };
    this.reads.delete(key);
    this.reads.set(key, read);
    if (this.reads.size > this.maxKept) this.reads.delete(this.reads.keys().next().value!);
    read.job.then(
      (view) => {
        if (view.terminal) read.poll = Infinity;
      },
      () => {
        if (this.reads.get(key) === read) this.reads.delete(key);
      },
    );
    return read.job;
  }
}
