import type { Storage } from '../store/storage';
import type { ApprovalRequest } from '../approvals/types';
import { readItem, updateItem } from '../store/storeHelpers';
import type { ShiftNote } from './dstCard';
import type { PolicyDstChange } from './dstPlanner';

/** A "keep local time" request filed for one policy and one transition. */
export interface ShiftRecord {
  requestId: string;
  requestedBy: string;
  requestedAt: string;
  newRunTimes: string[];
}

export const shiftKey = (vaultId: string, policy: string, transitionLocalDate: string) =>
  `notify/dst-shift/${vaultId.toLowerCase()}/${policy.toLowerCase()}/${transitionLocalDate}`;

/**
 * Remembers which approval request shifts a policy for a transition, so a second click (or the
 * next reminder) points to that request instead of filing another one.
 */
export class DstShiftStore {
  constructor(
    private readonly storage: Storage,
    private readonly requestOf: (id: string) => Promise<ApprovalRequest | undefined>,
  ) {}

  async get(vaultId: string, policy: string, localDate: string): Promise<ShiftRecord | undefined> {
    return readItem<ShiftRecord>(this.storage, shiftKey(vaultId, policy, localDate));
  }

  /**
   * Stores `record` unless a live request (open or approved) is already recorded; returns the
   * record that stands. `live` tells whether a stored request still counts.
   */
  async claim(vaultId: string, policy: string, localDate: string, record: ShiftRecord, live: (requestId: string) => Promise<boolean>): Promise<ShiftRecord> {
    const existing = await this.get(vaultId, policy, localDate);
    if (existing !== undefined && (await live(existing.requestId))) return existing;
    const written = await updateItem<ShiftRecord>(this.storage, shiftKey(vaultId, policy, localDate), (current) =>
      current !== undefined && current.requestId !== existing?.requestId ? undefined : record,
    );
    return written ?? (await this.get(vaultId, policy, localDate)) ?? record;
  }

  /** The note a reminder shows when a shift is filed or done; undefined when the button should show. */
  async noteFor(change: PolicyDstChange): Promise<ShiftNote | undefined> {
    const record = await this.get(change.policy.vault.id, change.policy.name, change.effect.transition.localDate);
    if (record === undefined) return undefined;
    const request = await this.requestOf(record.requestId);
    const times = record.newRunTimes.join(', ');
    switch (request?.state) {
      case 'pending':
      case 'approving':
        return { text: `${record.requestedBy} asked to move the policy to ${times} to keep the local time; the request waits for an approver.` };
      case 'approved':
        return { text: `Done: ${request.decision?.by.name ?? 'an approver'} approved moving the policy to ${times}, so the local run time stays the same.` };
      default:
        return undefined;
    }
  }
}
