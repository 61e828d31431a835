import type { Storage } from '../store/storage';
import { readItem, updateItem } from '../store/storeHelpers';

interface IndexDocument {
  keys: string[];
}

/**
 * The list of unfinished outbox keys, kept in one Storage item because Storage cannot list keys.
 * Changes are group-committed: while one write is on its way, further additions and removals
 * gather and go out together in the next write, so a burst of 1,000 enqueues costs a handful of
 * writes rather than 1,000 rewrites of a growing document. Each write is an eTag-checked update,
 * so several processes may add to the same index.
 */
export class OutboxIndex {
  private adds = new Set<string>();
  private removes = new Set<string>();
  private tail: Promise<void> = Promise.resolve();
  private next?: Promise<void>;

  constructor(
    private readonly storage: Storage,
    private readonly key: string,
  ) {}

  async load(): Promise<string[]> {
    return (await readItem<IndexDocument>(this.storage, this.key))?.keys ?? [];
  }

  /** Resolves once `key` is durably in the index. */
  add(key: string): Promise<void> {
    this.removes.delete(key);
    this.adds.add(key);
    return this.schedule();
  }

  /** Resolves once `key` is durably out of the index. */
  remove(key: string): Promise<void> {
    this.adds.delete(key);
    this.removes.add(key);
    return this.schedule();
  }

  /** Waits for every change requested so far to be written. */
  flushed(): Promise<void> {
    return this.tail;
  }

  private schedule(): Promise<void> {
    if (this.next) return this.next;
    const run = this.tail.then(() => {
      this.next = undefined;
      return this.write();
    });
    this.next = run;
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async write(): Promise<void> {
    const adds = this.adds;
    const removes = this.removes;
    this.adds = new Set();
    this.removes = new Set();
    if (adds.size === 0 && removes.size === 0) return;
    try {
      await updateItem<IndexDocument>(this.storage, this.key, (current) => {
        const keys = (current?.keys ?? []).filter((k) => !removes.has(k));
        const present = new Set(keys);
        for (const key of adds) if (!present.has(key)) keys.push(key);
        return { keys };
      }, 20);
    } catch (err) {
      // Keep the changes for the next write (unless superseded meanwhile), then report the failure.
      for (const key of adds) if (!this.removes.has(key)) this.adds.add(key);
      for (const key of removes) if (!this.adds.has(key)) this.removes.add(key);
      throw err;
    }
  }
}
