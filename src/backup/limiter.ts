/**
 * Runs at most `concurrency` tasks at once (a small p-limit): calls across many vaults and
 * subscriptions stay polite to ARM's throttling limits.
 */
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

export function createLimiter(concurrency: number): Limiter {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`concurrency must be a whole number >= 1 (got ${concurrency})`);
  let running = 0;
  const waiting: Array<() => void> = [];

  const release = () => {
    running--;
    waiting.shift()?.();
  };

  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      release();
    }
  };
}

/** Maps items through `fn` with the limiter, keeping the input order in the result. */
export function mapLimited<T, R>(limit: Limiter, items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  return Promise.all(items.map((item) => limit(() => fn(item))));
}
