import type { Storage } from '../store/storage';
import { OutboxIndex } from './outboxIndex';

const DAY_MS = 24 * 60 * 60_000;

/**
 * Remembers which outbox records finished on which (UTC) day, so that records older than the
 * retention can be deleted: Storage cannot list keys, and one file per message would otherwise
 * accumulate forever. Keys live in one bucket per day (`<prefix>/<yyyy-mm-dd>`), and the list of
 * days in `<prefix>-days`; both are group-committed like the pending index.
 */
export class OutboxHistory {
  private readonly days: OutboxIndex;
  private readonly buckets = new Map<string, OutboxIndex>();
  private readonly writing = new Set<Promise<void>>();

  constructor(
    private readonly storage: Storage,
    private readonly prefix: string,
  ) {
    this.days = new OutboxIndex(storage, `${prefix}-days`);
  }

  /** Records that `key` finished at `at` (ms). */
  finished(key: string, at: number): Promise<void> {
    const day = dayOf(at);
    const write = this.days.add(day).then(() => this.bucket(day).add(key));
    this.writing.add(write);
    const forget = () => this.writing.delete(write);
    write.then(forget, forget);
    return write;
  }

  /** Waits for every `finished` call so far to be written (or to fail). */
  async flushed(): Promise<void> {
    await Promise.allSettled([...this.writing]);
  }

  /**
   * Deletes the records (via `recordKeyOf`) of every day older than `retentionMs` before `now`.
   * Returns how many records were deleted.
   */
  async prune(now: number, retentionMs: number, recordKeyOf: (key: string) => string): Promise<number> {
    const cutoffDay = dayOf(now - retentionMs);
    let deleted = 0;
    for (const day of await this.days.load()) {
      if (day >= cutoffDay) continue;
      const bucket = this.bucket(day);
      const keys = await bucket.load();
      for (let i = 0; i < keys.length; i += 100) {
        await this.storage.delete(keys.slice(i, i + 100).map(recordKeyOf));
      }
      await this.storage.delete([this.bucketKey(day)]);
      await this.days.remove(day);
      this.buckets.delete(day);
      deleted += keys.length;
    }
    return deleted;
  }

  private bucket(day: string): OutboxIndex {
    let bucket = this.buckets.get(day);
    if (!bucket) this.buckets.set(day, (bucket = new OutboxIndex(this.storage, this.bucketKey(day))));
    return bucket;
  }

  private bucketKey(day: string): string {
    return `${this.prefix}/${day}`;
  }
}

function dayOf(at: number): string {
  return new Date(Math.floor(at / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}
