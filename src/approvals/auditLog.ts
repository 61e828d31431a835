import type { Storage } from '../store/storage';
import { readItem, updateItem, writeItem } from '../store/storeHelpers';

export type AuditEvent =
  | 'requested'
  | 'amended'
  | 'approved'
  | 'rejected'
  | 'refused'
  | 'expired'
  | 'failed'
  | 'azureWrite';

export interface AuditActor {
  aadObjectId: string;
  name: string;
}

export interface AuditEntry {
  /** Position in the log: allocated once, never reused, so entries sort and page by it. */
  seq: number;
  at: string;
  event: AuditEvent;
  /** Who did it; the bot itself (sweep) appears as { aadObjectId: 'system', name: 'bot' }. */
  actor: AuditActor;
  /** What was asked or changed, in one line (e.g. "enable protection of vm-web-01 in vault-weu with DefaultPolicy"). */
  what: string;
  requestId?: string;
  /** Result: for a refusal the reason, for an Azure write succeeded/failed and the job. */
  outcome?: string;
  correlationId?: string;
}

export type NewAuditEntry = Omit<AuditEntry, 'seq' | 'at'>;

export const SYSTEM_ACTOR: AuditActor = { aadObjectId: 'system', name: 'bot' };

const HEAD_KEY = 'audit/head';
const entryKey = (seq: number) => `audit/entry/${String(seq).padStart(12, '0')}`;

interface Head {
  next: number;
}

/**
 * Append-only audit trail, one storage item per entry under a monotonic sequence number.
 *
 * Why the store and not a JSONL file under DATA_DIR: the store is the one place the bot keeps
 * state, so the trail follows it to whichever backend runs (file store on one machine, a shared
 * store when several replicas run) instead of being split per machine; and one item per entry
 * means an entry, once written, is never rewritten. The sequence is allocated with an eTag
 * write on `audit/head` before the entry is written, so two writers never share a number; a
 * crash between the two leaves a gap, which readers skip.
 */
export class AuditLog {
  constructor(
    private readonly storage: Storage,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async append(entry: NewAuditEntry): Promise<AuditEntry> {
    // Many concurrent writers (50 refused clicks at once) must not exhaust the eTag retries.
    const head = await updateItem<Head>(this.storage, HEAD_KEY, (current) => ({ next: (current?.next ?? 0) + 1 }), 100);
    const seq = (head?.next ?? 1) - 1;
    const full: AuditEntry = { seq, at: this.now().toISOString(), ...entry };
    await writeItem(this.storage, entryKey(seq), full);
    return full;
  }

  /** The newest `count` entries, newest first. */
  async last(count: number): Promise<AuditEntry[]> {
    const head = await readItem<Head>(this.storage, HEAD_KEY);
    const next = head?.next ?? 0;
    if (next === 0 || count <= 0) return [];
    // Read a little further back so a few gaps (crash between allocation and write) still fill the page.
    const from = Math.max(0, next - count - 16);
    const keys = Array.from({ length: next - from }, (_, i) => entryKey(from + i));
    const items = await this.storage.read(keys);
    return keys
      .map((key) => items[key] as unknown as (AuditEntry & { eTag?: string }) | undefined)
      .filter((item): item is AuditEntry & { eTag?: string } => item !== undefined && item !== null)
      .map(({ eTag: _eTag, ...entry }) => entry as AuditEntry)
      .sort((a, b) => b.seq - a.seq)
      .slice(0, count);
  }
}
