/**
 * What leader election needs from a lease, whatever implements it: the eTag-emulated `Lease` on
 * any Storage (file store, one process) or `BlobLease` on an Azure blob's own lease (several
 * replicas). `LeaseKeeper` renews it in the background; singleton work asks `isHeld()`.
 */
export interface LeaderLease {
  /** Identifies this process among the replicas (logs, status). */
  readonly holderId: string;
  /** Takes the lease if it is free or expired (or extends it if ours). True if we hold it now. */
  acquire(): Promise<boolean>;
  /** Extends the lease if we still hold it. False means it was lost. */
  renew(): Promise<boolean>;
  /** Frees the lease if we hold it, so another replica takes over without waiting for expiry. */
  release(): Promise<void>;
  /** Local belief: the last acquire/renew succeeded and has not run out (minus a safety margin). */
  isHeld(): boolean;
}
