import type { Storage, StoreItem } from './storage';
import { ETagConflictError } from './fileStorage';
import { KeyedMutex } from './keyedMutex';

/**
 * eTag meaning "only if nothing is stored under this key yet" (If-None-Match: * on Azure Blob).
 * No real eTag ever equals it, so stores with MemoryStorage semantics (ours, botbuilder's) already
 * treat it right: written when the key is absent, a conflict when something is there.
 */
export const CREATE_ONLY_ETAG = '!create-only';

/** A stored value as read back: the value plus the eTag to pass to a conditional write. */
export type Stored<T> = T & { eTag?: string };

/** Reads one item, or undefined when nothing is stored under `key`. */
export async function readItem<T extends object>(storage: Storage, key: string): Promise<Stored<T> | undefined> {
  const items = await storage.read([key]);
  return items[key] as Stored<T> | undefined;
}

/**
 * Writes one item. With `eTag` the write only succeeds if the stored item still has that eTag
 * (else it throws; test with `isETagConflict`); without it the write is unconditional.
 */
export async function writeItem<T extends object>(storage: Storage, key: string, value: T, eTag?: string): Promise<void> {
  const { eTag: _dropped, ...plain } = value as StoreItem;
  await storage.write({ [key]: eTag ? { ...plain, eTag } : { ...plain, eTag: '*' } });
}

/** Deletes one item (no error when it does not exist). */
export async function deleteItem(storage: Storage, key: string): Promise<void> {
  await storage.delete([key]);
}

/**
 * True for an optimistic-concurrency failure from any store we use: our FileStorage
 * (ETagConflictError), botbuilder's MemoryStorage (a plain Error mentioning the eTag conflict),
 * and HTTP-backed stores (412 Precondition Failed from Blob or Cosmos DB).
 */
export function isETagConflict(err: unknown): boolean {
  if (err instanceof ETagConflictError) return true;
  if (!err || typeof err !== 'object') return false;
  const { code, statusCode, message } = err as { code?: unknown; statusCode?: unknown; message?: unknown };
  if (code === 'ETagConflict' || code === 'ConditionNotMet' || statusCode === 412) return true;
  return typeof message === 'string' && /etag conflict/i.test(message);
}

export class UpdateConflictError extends Error {
  constructor(readonly key: string, readonly attempts: number) {
    super(`Storage: gave up updating "${key}": another writer changed it ${attempts} times in a row`);
    this.name = 'UpdateConflictError';
  }
}

// Updates to the same key from this process queue up instead of racing, so eTag retries are only
// needed against other processes (or code that writes without these helpers).
const localUpdates = new WeakMap<Storage, KeyedMutex>();

/**
 * Read-modify-write with optimistic concurrency: reads the item, calls `mutate` with a copy of it
 * (undefined when missing), writes the result conditioned on the eTag read, and retries from a
 * fresh read on conflict. `mutate` returning undefined means "no change" (nothing is written).
 * Returns what was written (or undefined), or throws UpdateConflictError after `maxAttempts`.
 *
 * Creating a missing item is conditional too (CREATE_ONLY_ETAG): when two processes create the
 * same key at the same instant, one wins and the other retries from a fresh read.
 */
export async function updateItem<T extends object>(
  storage: Storage,
  key: string,
  mutate: (current: T | undefined) => T | undefined,
  maxAttempts = 8,
): Promise<T | undefined> {
  let mutex = localUpdates.get(storage);
  if (!mutex) localUpdates.set(storage, (mutex = new KeyedMutex()));
  return mutex.runExclusive(key, async () => {
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const current = await readItem<T>(storage, key);
      const { eTag, ...plain } = current ?? ({} as Stored<T>);
      const next = mutate(current ? (structuredClone(plain) as T) : undefined);
      if (next === undefined) return undefined;
      try {
        await writeItem(storage, key, next, current ? eTag : CREATE_ONLY_ETAG);
        return next;
      } catch (err) {
        if (!isETagConflict(err)) throw err;
        await pause(Math.random() * 5 * attempt);
      }
    }
    throw new UpdateConflictError(key, maxAttempts);
  });
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
