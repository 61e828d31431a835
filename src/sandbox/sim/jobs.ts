import type { JobStatus, TerminalOutcome } from '../estate/estateSchema';
import type { OutcomeOverride, World } from '../model/world';
import type { JobOperation, JobPlan, JobState, ProtectedItemState, VaultState, VmState } from '../model/types';
import { MINUTE_MS } from '../model/clock';
import { BACKUP_IN_PROGRESS_CODE, DEFAULT_FAILED_CODE, DEFAULT_WARNING_CODE, GENERIC_FAILED_CODE, isTransferPhaseCode } from './errorCatalog';

// Creating jobs. A job's whole future (phase durations and outcome) is decided here, from the VM's
// state, any outcome set through the control API, and the seeded random generator; jobView.ts reads
// that plan at the current simulated time.
//
// Durations (simulated): Take Snapshot 3-15 min; Transfer data to vault 20-120 min, or 2-6 h for an
// item's first backup; a failing snapshot fails after 2-10 min; a failing transfer after 10-60 min.
// ConfigureBackup 25-60 s, DisableBackup 20-40 s.

export interface BackupJobRequest {
  onDemand?: boolean;
  /** A run of the item's policy schedule (counts towards the VM's recurring outcomes). */
  scheduled?: boolean;
  recoveryPointExpiryMs?: number;
  /** Forced status (estate history, control API); otherwise derived from the VM. */
  forced?: { status: JobStatus; errorCode?: string };
}

export function addJob(vault: VaultState, job: JobState): JobState {
  vault.jobs.push(job);
  vault.jobsById.set(job.id.toLowerCase(), job);
  vault.jobsUnsorted = true;
  return job;
}

/** What every Backup job of an item carries, whatever becomes of it. */
function backupJobOf(world: World, vault: VaultState, item: ProtectedItemState, startMs: number) {
  return {
    id: world.random.guid(),
    vaultKey: vault.key,
    vmKey: item.vm.key,
    entityFriendlyName: item.vm.name,
    containerName: item.containerName.replace(/^IaasVMContainer;/i, ''),
    operation: 'Backup' as const,
    startMs,
  };
}

export function createBackupJob(world: World, vault: VaultState, item: ProtectedItemState, startMs: number, request: BackupJobRequest): JobState {
  if (request.scheduled) item.scheduledRuns++;
  const forced = request.forced ?? consumeOverride(world, item.vm) ?? (request.scheduled && world.recurringTrouble ? recurringOutcome(item) : undefined);
  const outcome = warningsOnlyForTransferCodes(forced ?? intrinsicOutcome(item.vm) ?? { status: 'Completed' as const });
  const plan = planBackup(world, item, startMs, outcome);
  const job: JobState = {
    ...backupJobOf(world, vault, item, startMs),
    onDemand: request.onDemand,
    plan,
    recoveryPointExpiryMs: request.recoveryPointExpiryMs,
  };
  item.backupJobs.push(job);
  return addJob(vault, job);
}

export function createSimpleJob(
  world: World,
  vault: VaultState,
  vm: VmState | undefined,
  operation: JobOperation,
  startMs: number,
  options: { outcome?: TerminalOutcome | 'InProgress' | 'Cancelled'; durationMs?: number; errorCode?: string; id?: string; friendlyName?: string; policyName?: string } = {},
): JobState {
  const durationMs = options.durationMs ?? simpleJobDuration(world, operation);
  const outcome = options.outcome ?? 'Completed';
  const job: JobState = {
    id: options.id ?? world.random.guid(),
    vaultKey: vault.key,
    vmKey: vm?.key,
    entityFriendlyName: options.friendlyName ?? vm?.name ?? '',
    containerName: vm ? `iaasvmcontainerv2;${vm.resourceGroup.toLowerCase()};${vm.name.toLowerCase()}` : undefined,
    operation,
    startMs,
    policyName: options.policyName,
    plan: {
      outcome,
      endMs: outcome === 'InProgress' ? Infinity : startMs + durationMs,
      errorCode: outcome === 'Failed' ? (options.errorCode ?? DEFAULT_FAILED_CODE) : options.errorCode,
    },
  };
  return addJob(vault, job);
}

/**
 * Azure ends a backup "with warnings" only when the snapshot was taken and the transfer failed; a
 * snapshot-phase code (ExtensionSnapshotFailedNoNetwork ...) makes the job Failed.
 */
export function warningsOnlyForTransferCodes<T extends { status: JobStatus; errorCode?: string }>(outcome: T): T {
  if (outcome.status === 'CompletedWithWarnings' && outcome.errorCode !== undefined && !isTransferPhaseCode(outcome.errorCode)) {
    return { ...outcome, status: 'Failed' };
  }
  return outcome;
}

/**
 * A backup requested while another backup of the item takes its snapshot is accepted (202) and
 * becomes a Failed Backup job UserErrorBackupOperationInProgress that ends ~1.4 s later (TF:5).
 * It never ran, so it is not one of the item's backups (no effect on its last backup status).
 */
export function createRejectedBackupJob(world: World, vault: VaultState, item: ProtectedItemState, startMs: number): JobState {
  const endMs = startMs + world.random.int(1000, 2000);
  const job: JobState = {
    ...backupJobOf(world, vault, item, startMs),
    plan: { outcome: 'Failed', endMs, errorCode: BACKUP_IN_PROGRESS_CODE },
  };
  return addJob(vault, job);
}

function simpleJobDuration(world: World, operation: JobOperation): number {
  if (operation === 'ConfigureBackup') return world.random.int(25, 60) * 1000;
  if (operation === 'DisableBackup' || operation === 'DeleteBackupData') return world.random.int(20, 40) * 1000;
  return world.random.int(10, 40) * MINUTE_MS;
}

function consumeOverride(world: World, vm: VmState): OutcomeOverride | undefined {
  const override = world.nextOutcomes.get(vm.key);
  if (override) world.nextOutcomes.delete(vm.key);
  return override;
}

/** The VM's recurring trouble for its current scheduled run, if this run is one of them. */
function recurringOutcome(item: ProtectedItemState): OutcomeOverride | undefined {
  const n = item.scheduledRuns;
  const hit = item.vm.recurringOutcomes.find((rule) => n >= rule.at && (n - rule.at) % rule.every === 0);
  return hit ? { status: hit.status, errorCode: hit.errorCode } : undefined;
}

/** What the VM itself makes of a backup, when nothing forces an outcome. */
export function intrinsicOutcome(vm: VmState): OutcomeOverride | undefined {
  if (vm.backupOutcome) return vm.backupOutcome;
  // No documented code exists for these two (see errorCatalog.ts): the documented generic failure.
  if (/coreos/i.test(vm.os.name) || /coreos/i.test(vm.os.image?.offer ?? '')) return { status: 'Failed', errorCode: GENERIC_FAILED_CODE };
  const diskLimit = vm.disks.managed ? 32 : 16;
  if (vm.disks.data > diskLimit) return { status: 'Failed', errorCode: GENERIC_FAILED_CODE };
  if (vm.provisioningState === 'Failed') return { status: 'Failed', errorCode: 'UserErrorVmProvisioningStateFailed' };
  // A stopped VM is still backed up (crash-consistent); its agent only matters while it runs.
  if (vm.powerState === 'running' && vm.agent.status !== 'Ready') return { status: 'Failed', errorCode: 'UserErrorGuestAgentStatusUnavailable' };
  return undefined;
}

function planBackup(world: World, item: ProtectedItemState, startMs: number, outcome: { status: JobStatus; errorCode?: string; snapshotSeconds?: number; transferDelaySeconds?: number; transferSeconds?: number }): JobPlan {
  const random = world.random;
  if (outcome.snapshotSeconds !== undefined && outcome.status !== 'Failed') {
    const snapshotEndMs = startMs + outcome.snapshotSeconds * 1000;
    const transferStartMs = snapshotEndMs + (outcome.transferDelaySeconds ?? 0) * 1000;
    const endMs = transferStartMs + (outcome.transferSeconds ?? random.int(20, 120) * 60) * 1000;
    const warned = outcome.status === 'CompletedWithWarnings';
    return {
      outcome: warned ? 'CompletedWithWarnings' : 'Completed',
      endMs,
      errorCode: warned ? (outcome.errorCode ?? DEFAULT_WARNING_CODE) : undefined,
      snapshot: { endMs: snapshotEndMs, status: 'Completed' },
      transfer: { startMs: transferStartMs, endMs, status: warned ? 'Failed' : 'Completed' },
    };
  }
  if (outcome.status === 'Failed') {
    const failAt = startMs + random.int(2, 10) * MINUTE_MS;
    return {
      outcome: 'Failed',
      endMs: failAt,
      errorCode: outcome.errorCode ?? DEFAULT_FAILED_CODE,
      snapshot: { endMs: failAt, status: 'Failed' },
      transfer: { startMs: failAt, endMs: failAt, status: 'Failed' },
    };
  }
  const snapshotEnd = startMs + random.int(3, 15) * MINUTE_MS;
  if (outcome.status === 'Cancelled') {
    return { outcome: 'Cancelled', endMs: snapshotEnd, snapshot: { endMs: snapshotEnd, status: 'Completed' } };
  }
  if (outcome.status === 'CompletedWithWarnings') {
    const failAt = snapshotEnd + random.int(10, 60) * MINUTE_MS;
    return {
      outcome: 'CompletedWithWarnings',
      endMs: failAt,
      errorCode: outcome.errorCode ?? DEFAULT_WARNING_CODE,
      snapshot: { endMs: snapshotEnd, status: 'Completed' },
      transfer: { startMs: snapshotEnd, endMs: failAt, status: 'Failed' },
    };
  }
  if (transferStillRunning(item, snapshotEnd)) {
    return {
      outcome: 'Completed',
      endMs: snapshotEnd,
      snapshot: { endMs: snapshotEnd, status: 'Completed' },
      transfer: { startMs: snapshotEnd, endMs: snapshotEnd, status: 'Skipped' },
    };
  }
  const firstBackup = !item.backupJobs.some((job) => job.plan.snapshot?.status === 'Completed');
  let transferEnd = snapshotEnd + (firstBackup ? random.int(120, 360) : random.int(20, 120)) * MINUTE_MS;
  // A job the estate wants "in progress" at the clock start keeps transferring for a while after it.
  if (outcome.status === 'InProgress') transferEnd = Math.max(transferEnd, world.nowMs() + random.int(60, 180) * MINUTE_MS);
  return {
    outcome: 'Completed',
    endMs: transferEnd,
    snapshot: { endMs: snapshotEnd, status: 'Completed' },
    transfer: { startMs: snapshotEnd, endMs: transferEnd, status: 'Completed' },
  };
}

/** Azure skips the next transfer while a previous one of the same item is still running. */
function transferStillRunning(item: ProtectedItemState, atMs: number): boolean {
  // Only recent jobs can still be transferring: look at the last few.
  for (let i = item.backupJobs.length - 1; i >= Math.max(0, item.backupJobs.length - 6); i--) {
    const transfer = item.backupJobs[i].plan.transfer;
    if (transfer && transfer.status !== 'Skipped' && transfer.startMs <= atMs && transfer.endMs > atMs) return true;
  }
  return false;
}
