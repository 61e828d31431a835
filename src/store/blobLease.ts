import { randomUUID } from 'node:crypto';
import type { BlockBlobClient, ContainerClient } from '@azure/storage-blob';
import type { LeaderLease } from './leaderLease';
import { statusOf } from './blobStorage';

export interface BlobLeaseOptions {
  container: ContainerClient;
  /** Lease name; the leased blob is `leases/<name>`. */
  name: string;
  holderId: string;
  /** Blob leases last 15 to 60 seconds unless renewed. */
  durationSeconds: number;
  /** `isHeld` turns false this long before the lease runs out (our clock vs the service's). */
  marginMs?: number;
  now?: () => number;
}

export const LEASE_BLOB_PREFIX = 'leases/';

/** Who holds a lease, as the service and the holder's metadata say (status displays, tests). */
export interface BlobLeaseState {
  state: string;
  holder?: string;
  acquiredAt?: string;
}

/**
 * Leader election on Azure Blob Storage's own primitive: a lease on an empty blob. The service
 * guarantees at most one holder; an unrenewed lease expires after `durationSeconds` (a killed
 * replica loses it then, with no one having to break it), and a stopping replica releases it at
 * once. Each process proposes its own random lease id, so a restarted replica is a new contender.
 */
export class BlobLease implements LeaderLease {
  private readonly leaseId = randomUUID();
  private readonly blob: BlockBlobClient;
  private readonly now: () => number;
  private readonly marginMs: number;
  private heldUntil = 0;
  private blobReady?: Promise<void>;

  constructor(private readonly options: BlobLeaseOptions) {
    if (!options.name) throw new TypeError('A lease needs a name');
    if (!options.holderId) throw new TypeError('A lease needs a holder id');
    if (!Number.isInteger(options.durationSeconds) || options.durationSeconds < 15 || options.durationSeconds > 60) {
      throw new TypeError('A blob lease lasts 15 to 60 seconds');
    }
    this.blob = options.container.getBlockBlobClient(`${LEASE_BLOB_PREFIX}${options.name}`);
    this.now = options.now ?? Date.now;
    this.marginMs = options.marginMs ?? Math.min(2_000, options.durationSeconds * 100);
  }

  get holderId(): string {
    return this.options.holderId;
  }

  async acquire(): Promise<boolean> {
    await this.ensureBlob();
    const wasHeld = this.isHeld();
    const startedAt = this.now();
    try {
      await this.blob.getBlobLeaseClient(this.leaseId).acquireLease(this.options.durationSeconds);
    } catch (err) {
      // 409 LeaseAlreadyPresent: another replica holds it.
      if (statusOf(err) === 409) return this.lost();
      throw err;
    }
    this.heldUntil = startedAt + this.options.durationSeconds * 1_000;
    if (!wasHeld) await this.recordHolder();
    return true;
  }

  async renew(): Promise<boolean> {
    const startedAt = this.now();
    try {
      await this.blob.getBlobLeaseClient(this.leaseId).renewLease();
    } catch (err) {
      // 409: the lease expired and another replica took it (or it was released); 404: blob gone.
      const status = statusOf(err);
      if (status === 409 || status === 404 || status === 412) return this.lost();
      throw err;
    }
    this.heldUntil = startedAt + this.options.durationSeconds * 1_000;
    return true;
  }

  async release(): Promise<void> {
    this.heldUntil = 0;
    try {
      await this.blob.getBlobLeaseClient(this.leaseId).releaseLease();
    } catch (err) {
      const status = statusOf(err);
      // Not ours any more (expired, taken) or never created: nothing to release.
      if (status !== 409 && status !== 404 && status !== 412) throw err;
    }
  }

  isHeld(): boolean {
    return this.now() < this.heldUntil - this.marginMs;
  }

  /** The lease as the service sees it, with the holder recorded by its last acquirer. */
  async current(): Promise<BlobLeaseState> {
    try {
      const props = await this.blob.getProperties();
      return { state: props.leaseState ?? 'unknown', holder: props.metadata?.holder, acquiredAt: props.metadata?.acquiredat };
    } catch (err) {
      if (statusOf(err) === 404) return { state: 'available' };
      throw err;
    }
  }

  private lost(): false {
    this.heldUntil = 0;
    return false;
  }

  /** Writes who holds the lease into the blob's metadata (for operators looking at the container). */
  private async recordHolder(): Promise<void> {
    const metadata = { holder: this.options.holderId.replace(/[^\x20-\x7e]/g, '?'), acquiredat: new Date(this.now()).toISOString() };
    await this.blob.setMetadata(metadata, { conditions: { leaseId: this.leaseId } }).catch(() => undefined);
  }

  /** The leased blob must exist; several replicas may race to create it, which is fine. */
  private ensureBlob(): Promise<void> {
    this.blobReady ??= (async () => {
      await this.options.container.createIfNotExists();
      try {
        await this.blob.upload('', 0, { conditions: { ifNoneMatch: '*' } });
      } catch (err) {
        // 409: it exists; 412: it exists and is leased right now.
        const status = statusOf(err);
        if (status !== 409 && status !== 412) throw err;
      }
    })().catch((err: unknown) => {
      this.blobReady = undefined;
      throw err;
    });
    return this.blobReady;
  }
}
