import type { EstateVm, Redundancy, TerminalOutcome } from '../estate/estateSchema';

// In-memory state of the sandbox. Times are epoch milliseconds on the simulated clock.
// Job and item status are not stored: they are derived from the job plan and the current time
// (see sim/jobView.ts), so moving the clock is all it takes for jobs to progress.

export interface SubscriptionState {
  subscriptionId: string;
  displayName: string;
  tenantId: string;
  state: string;
}

export interface VmState extends Omit<EstateVm, 'subscriptionId'> {
  key: string;
  id: string;
  subscriptionId: string;
  vmId: string;
}

export interface PolicyState {
  name: string;
  /** ARM properties as last sent, minus fields Azure computes (protectedItemsCount). */
  properties: Record<string, unknown>;
}

export interface ProtectedItemState {
  vm: VmState;
  vaultKey: string;
  containerName: string;
  itemName: string;
  policyName: string;
  protectionState: 'Protected' | 'ProtectionStopped';
  protectedAtMs: number;
  /** Scheduled runs so far (history included): drives the VM's recurring outcomes. */
  scheduledRuns: number;
  /** Backup jobs of this item in start order (the newest last). */
  backupJobs: JobState[];
  /** Set while the backup data is soft-deleted (sim/softDelete.ts): when it was deleted. */
  deferredDeleteMs?: number;
}

export type JobOperation = 'Backup' | 'ConfigureBackup' | 'DisableBackup' | 'DeleteBackupData' | 'Restore' | 'Undelete';
export type TaskStatus = 'NotStarted' | 'InProgress' | 'Completed' | 'Failed' | 'Skipped' | 'Cancelled' | 'Cancelling';

/** What will happen to a job, fixed when it is created. `endMs` may be Infinity (never ends). */
export interface JobPlan {
  outcome: TerminalOutcome | 'Cancelled' | 'InProgress';
  endMs: number;
  errorCode?: string;
  /** Backup jobs only: the two phases. */
  snapshot?: { endMs: number; status: 'Completed' | 'Failed' };
  transfer?: { startMs: number; endMs: number; status: 'Completed' | 'Failed' | 'Skipped' };
}

export interface JobState {
  id: string;
  vaultKey: string;
  vmKey?: string;
  entityFriendlyName: string;
  containerName?: string;
  operation: JobOperation;
  startMs: number;
  /** Internal: a backup requested through the API (its recovery point has no policy rule). Never rendered: no real job says it. */
  onDemand?: boolean;
  /** ConfigureBackup / DisableBackup: the policy named in the job's propertyBag ("" when stopped). */
  policyName?: string;
  plan: JobPlan;
  /** On-demand backups: the recovery point expiry sent by the caller. */
  recoveryPointExpiryMs?: number;
  /** When a cancel was asked for (sim/cancellation.ts): the job reads Cancelling, then Cancelled. */
  cancelRequestedMs?: number;
}

export type OperationKind = 'ConfigureBackup' | 'Backup' | 'DisableBackup' | 'DeleteBackupData' | 'Refresh' | 'PolicyUpdate' | 'CancelJob' | 'Undelete' | 'SoftDeletePurge' | 'VaultCreate';

export interface OperationState {
  id: string;
  kind: OperationKind;
  vaultKey: string;
  containerName?: string;
  itemName?: string;
  policyName?: string;
  jobId?: string;
  startMs: number;
  /** Number of status/result reads that still answer "in progress". */
  pendingPolls: number;
  /** Simulated time after which the operation is done even if nobody polled. */
  doneAtMs: number;
  completedMs?: number;
  /** Set when the operation ends Failed (status Failed, `error` in the body, no jobId). */
  error?: { code: string; message: string };
  onComplete?: () => void;
}

export interface VaultState {
  key: string;
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  redundancy: Redundancy;
  crossRegionRestore: boolean;
  tags: Record<string, string>;
  identity: 'None' | 'SystemAssigned';
  extraProperties: Record<string, unknown>;
  /** Storage type cannot change once an item has ever been protected. */
  storageLocked: boolean;
  policies: Map<string, PolicyState>;
  /** Keys of the VMs this vault's discovery has seen (refreshContainers adds its subscription's VMs in its region). */
  discovered: Set<string>;
  /** Protected items by VM key. */
  items: Map<string, ProtectedItemState>;
  jobs: JobState[];
  /** True when `jobs` may be out of newest-first order (set on insert, cleared by the jobs list). */
  jobsUnsorted: boolean;
  jobsById: Map<string, JobState>;
  operations: Map<string, OperationState>;
}
