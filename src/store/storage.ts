// The key-value store every piece of state goes through (conversations, requests, audit, outbox...).
// Our own type, shaped like botbuilder's and the Microsoft 365 Agents SDK's `Storage` (the same three
// methods, `eTag` for optimistic concurrency), so only the Teams folder (src/teams) names
// botbuilder and botbuilder's MemoryStorage still fits where a test wants one.

/** One stored record; `eTag` set means "write only if unchanged since read" ('*' = any version). */
export interface StoreItem {
  [key: string]: unknown;
  eTag?: string;
}

/** Records by key; a key that was not found is absent. */
export interface StoreItems {
  [key: string]: StoreItem;
}

export interface Storage {
  read(keys: string[]): Promise<StoreItems>;
  write(changes: StoreItems): Promise<void>;
  delete(keys: string[]): Promise<void>;
}
