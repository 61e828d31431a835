import type { Storage } from '../store/storage';
import { isETagConflict, readItem, updateItem, writeItem } from '../store/storeHelpers';
import type { ApprovalRequest } from './types';

const requestKey = (id: string) => `approvals/request/${id}`;
const OPEN_INDEX_KEY = 'approvals/open';

/** Open requests and when they expire, so the sweep finds them without listing the store. */
interface OpenIndex {
  open: Record<string, string>;
}

/** A request as read, with the eTag its next state change must be conditioned on. */
export interface LoadedRequest {
  value: ApprovalRequest;
  eTag: string;
}

/** What `RequestStore.update` did: wrote the request; wrote nothing (no such request, or `change` declined: `current` is what it saw); lost to other writers every time. */
export type RequestUpdate = { outcome: 'written'; request: ApprovalRequest } | { outcome: 'unchanged'; current?: ApprovalRequest } | { outcome: 'conflict' };

/**
 * Approval requests in the store. Every state change is a compare-and-swap on the item's eTag
 * (`replace`), which is what makes double clicks and concurrent approvers execute once.
 */
export class RequestStore {
  constructor(private readonly storage: Storage) {}

  /** Stores a new request (fresh random id, so the unconditional write cannot clobber another) and lists it as open. */
  async create(request: ApprovalRequest): Promise<void> {
    await writeItem(this.storage, requestKey(request.id), request);
    await updateItem<OpenIndex>(this.storage, OPEN_INDEX_KEY, (index) => ({ open: { ...(index?.open ?? {}), [request.id]: request.expiresAt } }));
  }

  async get(id: string): Promise<LoadedRequest | undefined> {
    const item = await readItem<ApprovalRequest>(this.storage, requestKey(id));
    if (item === undefined) return undefined;
    const { eTag, ...value } = item;
    return { value: value as ApprovalRequest, eTag: eTag ?? '*' };
  }

  /** Writes `next` only if the request is still at `eTag`; false when another writer got there first. */
  async replace(next: ApprovalRequest, eTag: string): Promise<boolean> {
    try {
      await writeItem(this.storage, requestKey(next.id), next, eTag);
      return true;
    } catch (err) {
      if (isETagConflict(err)) return false;
      throw err;
    }
  }

  /**
   * Read-modify-write of one request on its eTag: `change` gets the request as stored and returns
   * its next value, or undefined to write nothing. A write another writer beat is read again and
   * retried, up to `attempts` times.
   */
  async update(id: string, change: (current: ApprovalRequest) => ApprovalRequest | undefined, attempts = 10): Promise<RequestUpdate> {
    for (let attempt = 0; attempt < attempts; attempt++) {
      const stored = await this.get(id);
      if (stored === undefined) return { outcome: 'unchanged' };
      const next = change(stored.value);
      if (next === undefined) return { outcome: 'unchanged', current: stored.value };
      if (await this.replace(next, stored.eTag)) return { outcome: 'written', request: next };
    }
    return { outcome: 'conflict' };
  }

  async openRequests(): Promise<Array<{ id: string; expiresAt: string }>> {
    const index = await readItem<OpenIndex>(this.storage, OPEN_INDEX_KEY);
    return Object.entries(index?.open ?? {}).map(([id, expiresAt]) => ({ id, expiresAt }));
  }

  async markClosed(id: string): Promise<void> {
    await updateItem<OpenIndex>(this.storage, OPEN_INDEX_KEY, (index) => {
      if (index === undefined || !(id in index.open)) return undefined;
      const { [id]: _closed, ...open } = index.open;
      return { open };
    });
  }
}
