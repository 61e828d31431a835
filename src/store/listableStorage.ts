import type { Storage } from './storage';

/**
 * A Storage that can also list its keys by prefix. botbuilder's Storage cannot, which is why the
 * outbox keeps an index document; a store that can list (the file store) lets that index be
 * rebuilt when it was damaged or fell behind its items (a crash between the two writes).
 */
export interface ListableStorage extends Storage {
  listKeys(prefix: string): Promise<string[]>;
}

export function isListable(storage: Storage): storage is ListableStorage {
  return typeof (storage as Partial<ListableStorage>).listKeys === 'function';
}
