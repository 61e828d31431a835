import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Storage } from './storage';
import type { LeaderLease } from './leaderLease';
import { isETagConflict, readItem, updateItem, UpdateConflictError } from './storeHelpers';

/** What the store holds for one lease. An empty holder means "free". */
export interface LeaseRecord {
  holder: string;
  expiresAt: number;
  acquiredAt: number;
  renewedAt: number;
  /** Increases every time the lease changes hands: a fencing token for work done under it. */
  generation: number;
}

export interface LeaseOptions {
  storage: Storage;
  /** Lease name, e.g. 'scheduler'; stored under `lease/<name>`. */
  name: string;
  /** Identifies this instance (e.g. host name + pid + random); must differ between replicas. */
  holderId: string;
  /** How long an acquisition or renewal lasts without being renewed. */
  ttlMs: number;
  /** Safety margin: `isHeld` turns false this long before the stored expiry (clock skew between replicas). */
  marginMs?: number;
  now?: () => number;
}

export const LEASE_KEY_PREFIX = 'lease/';

/** A holder id unique to this process: host, pid and a random suffix (pids repeat across restarts). */
export function defaultHolderId(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/**
 * A time-limited lease (leader election) on any botbuilder Storage with eTags: with several
 * replicas, the one holding the lease runs singleton work (digests, DST reminders, the outbox drain).
 *
 * Every acquire/renew/release is a conditional write on the lease record (the first creation
 * too: `updateItem` creates with CREATE_ONLY_ETAG), so two contenders cannot both succeed.
 * On Azure Blob Storage, prefer `BlobLease` (the service's own lease).
 * Expiry uses each replica's clock: keep `ttlMs` well above the clock skew (NTP keeps it small).
 */
export class Lease implements LeaderLease {
  private heldUntil = 0;
  private heldGeneration = 0;
  private readonly now: () => number;
  private readonly key: string;
  private readonly marginMs: number;

  constructor(private readonly options: LeaseOptions) {
    if (!options.name) throw new TypeError('A lease needs a name');
    if (!options.holderId) throw new TypeError('A lease needs a holder id');
    if (!(options.ttlMs > 0)) throw new TypeError('A lease needs a positive ttlMs');
    this.now = options.now ?? Date.now;
    this.key = `${LEASE_KEY_PREFIX}${options.name}`;
    this.marginMs = options.marginMs ?? Math.min(1_000, options.ttlMs / 10);
  }

  get holderId(): string {
    return this.options.holderId;
  }

  /** Fencing token of our current tenure (0 when not held). */
  get generation(): number {
    return this.isHeld() ? this.heldGeneration : 0;
  }

  /** Takes the lease if it is free, expired or already ours (then it is extended). True if we hold it now. */
  acquire(): Promise<boolean> {
    return this.claim((current, now) => !current || current.holder === this.holderId || current.holder === '' || current.expiresAt <= now);
  }

  /**
   * Takes the lease whoever holds it. Only for a store no other live process can use (the file
   * store under its DATA_DIR lock): the holder recorded there is a process that has died, and
   * waiting out its TTL would hold up alerts for a minute after every crash.
   */
  takeOver(): Promise<boolean> {
    return this.claim(() => true);
  }

  /** Extends the lease if we still hold it. False means it was lost (expired and taken, or released). */
  renew(): Promise<boolean> {
    return this.claim((current) => current?.holder === this.holderId && current.generation === this.heldGeneration);
  }

  /** Frees the lease if we hold it, so another replica can take over without waiting for expiry. */
  async release(): Promise<void> {
    this.heldUntil = 0;
    try {
      await updateItem<LeaseRecord>(this.options.storage, this.key, (current) =>
        current?.holder === this.holderId ? { ...current, holder: '', expiresAt: 0, renewedAt: this.now() } : undefined,
      );
    } catch (err) {
      if (!isLostRace(err)) throw err;
    }
  }

  /** Our local belief: the last acquire/renew succeeded and has not expired (minus the margin). */
  isHeld(): boolean {
    return this.now() < this.heldUntil - this.marginMs;
  }

  /** The stored record, for status displays and tests. */
  async current(): Promise<LeaseRecord | undefined> {
    const stored = await readItem<LeaseRecord>(this.options.storage, this.key);
    if (!stored) return undefined;
    const { eTag: _eTag, ...record } = stored;
    return record;
  }

  private async claim(allowed: (current: LeaseRecord | undefined, now: number) => boolean): Promise<boolean> {
    const now = this.now();
    let written: LeaseRecord | undefined;
    try {
      written = await updateItem<LeaseRecord>(this.options.storage, this.key, (current) => {
        if (!allowed(current, now)) return undefined;
        const continuing = current?.holder === this.holderId && current.generation === this.heldGeneration && this.heldGeneration > 0;
        return {
          holder: this.holderId,
          expiresAt: now + this.options.ttlMs,
          acquiredAt: continuing ? current.acquiredAt : now,
          renewedAt: now,
          generation: continuing ? current.generation : (current?.generation ?? 0) + 1,
        };
      });
    } catch (err) {
      if (!isLostRace(err)) throw err;
    }
    if (!written) {
      this.heldUntil = 0;
      return false;
    }
    this.heldUntil = written.expiresAt;
    this.heldGeneration = written.generation;
    return true;
  }
}

function isLostRace(err: unknown): boolean {
  return err instanceof UpdateConflictError || isETagConflict(err);
}
