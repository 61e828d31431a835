import type { JobStatus } from '../estate/estateSchema';
import type { JobState, ProtectedItemState } from '../model/types';
import { cancelledJobView } from './cancellation';
import { TASK_SNAPSHOT, TASK_TRANSFER, type JobView, type TaskView } from './jobViewTypes';

// Reading a job (or a protected item) at a point of simulated time, from the plan fixed at creation.

/** Just the status (cheap: used to filter long job lists). */
export function jobStatusAt(job: JobState, nowMs: number): JobStatus | 'Cancelling' {
  if (job.cancelRequestedMs !== undefined) return nowMs >= job.plan.endMs ? 'Cancelled' : 'Cancelling';
  return nowMs >= job.plan.endMs ? job.plan.outcome : 'InProgress';
}

export function viewJob(job: JobState, nowMs: number): JobView {
  if (job.cancelRequestedMs !== undefined) return cancelledJobView(job, nowMs);
  const ended = nowMs >= job.plan.endMs;
  const status: JobStatus = ended ? job.plan.outcome : 'InProgress';
  const endMs = ended ? job.plan.endMs : undefined;
  const tasks = job.operation === 'Backup' && job.plan.snapshot ? backupTasks(job, nowMs) : [];
  return {
    status,
    endMs,
    durationMs: Math.max(0, (endMs ?? nowMs) - job.startMs),
    progressPercentage: ended ? 100 : progressOf(job, nowMs),
    tasks,
    errorCode: ended && (status === 'Failed' || status === 'CompletedWithWarnings') ? job.plan.errorCode : undefined,
  };
}

function backupTasks(job: JobState, nowMs: number): TaskView[] {
  const snapshot = job.plan.snapshot!;
  const snapshotDone = nowMs >= snapshot.endMs;
  const snapshotTask: TaskView = {
    taskId: TASK_SNAPSHOT,
    status: snapshotDone ? snapshot.status : 'InProgress',
    startMs: job.startMs,
    endMs: snapshotDone ? snapshot.endMs : undefined,
    progressPercentage: snapshotDone ? 100 : 0,
  };
  return [snapshotTask, transferTask(job, nowMs, snapshotDone)];
}

function transferTask(job: JobState, nowMs: number, snapshotDone: boolean): TaskView {
  const transfer = job.plan.transfer;
  if (!snapshotDone) return { taskId: TASK_TRANSFER, status: 'NotStarted', progressPercentage: 0 };
  if (job.plan.snapshot?.status === 'Failed') return { taskId: TASK_TRANSFER, status: 'Failed', progressPercentage: 0 };
  if (!transfer) {
    // Cancelled after the snapshot: the transfer never ran.
    return { taskId: TASK_TRANSFER, status: nowMs >= job.plan.endMs ? 'Cancelled' : 'NotStarted', progressPercentage: 0 };
  }
  if (transfer.status === 'Skipped') return { taskId: TASK_TRANSFER, status: 'Skipped', startMs: transfer.startMs, endMs: transfer.endMs, progressPercentage: 0 };
  // Azure leaves the transfer NotStarted for a few minutes after the snapshot (scenario:52 -> 58).
  if (nowMs < transfer.startMs) return { taskId: TASK_TRANSFER, status: 'NotStarted', progressPercentage: 0 };
  if (nowMs < transfer.endMs) {
    return { taskId: TASK_TRANSFER, status: 'InProgress', startMs: transfer.startMs, progressPercentage: transferProgress(job, nowMs) };
  }
  return {
    taskId: TASK_TRANSFER,
    status: transfer.status,
    startMs: transfer.startMs,
    endMs: transfer.endMs,
    progressPercentage: transfer.status === 'Completed' ? 100 : transferProgress(job, transfer.endMs - 1),
  };
}

function transferProgress(job: JobState, nowMs: number): number {
  const transfer = job.plan.transfer;
  if (!transfer || !Number.isFinite(transfer.endMs) || transfer.endMs <= transfer.startMs) return 0;
  return Math.max(0, Math.min(99, Math.floor(((nowMs - transfer.startMs) / (transfer.endMs - transfer.startMs)) * 100)));
}

function progressOf(job: JobState, nowMs: number): number {
  if (job.operation !== 'Backup') return 0;
  return transferProgress(job, nowMs);
}

export interface ItemView {
  protectionState: 'Protected' | 'ProtectionStopped' | 'IRPending';
  lastBackupStatus?: JobStatus;
  lastBackupTimeMs?: number;
  lastBackupErrorCode?: string;
  lastRecoveryPointMs?: number;
  oldestRecoveryPointMs?: number;
  recoveryPointCount: number;
  healthStatus: 'Passed' | 'ActionRequired' | 'ActionSuggested';
}

export function viewItem(item: ProtectedItemState, nowMs: number): ItemView {
  const finished = item.backupJobs.filter((job) => job.startMs <= nowMs && job.plan.endMs <= nowMs);
  const last = finished.reduce<JobState | undefined>((latest, job) => (!latest || job.startMs >= latest.startMs ? job : latest), undefined);
  const recoveryPoints = item.backupJobs
    .filter((job) => job.plan.snapshot?.status === 'Completed' && job.plan.outcome !== 'Cancelled' && job.plan.snapshot.endMs <= nowMs)
    .map((job) => job.plan.snapshot!.endMs)
    .sort((a, b) => a - b);
  const lastStatus = last?.plan.outcome as JobStatus | undefined;
  const protectionState = item.protectionState === 'ProtectionStopped' ? 'ProtectionStopped' : recoveryPoints.length === 0 ? 'IRPending' : 'Protected';
  return {
    protectionState,
    lastBackupStatus: lastStatus,
    lastBackupTimeMs: last?.startMs,
    lastBackupErrorCode: last?.plan.errorCode,
    lastRecoveryPointMs: recoveryPoints[recoveryPoints.length - 1],
    oldestRecoveryPointMs: recoveryPoints[0],
    recoveryPointCount: recoveryPoints.length,
    healthStatus: lastStatus === 'Failed' ? 'ActionRequired' : lastStatus === 'CompletedWithWarnings' ? 'ActionSuggested' : 'Passed',
  };
}
