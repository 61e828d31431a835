/**
 * In-process mutual exclusion per key: callers holding the same key run one after another,
 * different keys run concurrently. Used so a read-check-write on one key is a single step.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `work` while holding every key in `keys` (taken in sorted order, so no deadlock). */
  async runExclusive<T>(keys: string | readonly string[], work: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(typeof keys === 'string' ? [keys] : keys)].sort();
    const releases: Array<() => void> = [];
    try {
      for (const key of sorted) releases.push(await this.lock(key));
      return await work();
    } finally {
      releases.reverse().forEach((release) => release());
    }
  }

  /** Number of keys currently held or waited for (for tests and leak checks). */
  get size(): number {
    return this.tails.size;
  }

  private async lock(key: string): Promise<() => void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => current);
    this.tails.set(key, tail);
    await previous;
    return () => {
      release();
      // Forget the key once nobody queued behind us, so the map does not grow forever.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }
}
