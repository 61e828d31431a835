import type { JobState, TaskStatus } from '../model/types';
import { TASK_SNAPSHOT, TASK_TRANSFER, type JobView, type TaskView } from './jobViewTypes';

// Job cancellation (POST backupJobs/{id}/cancel). The recording TestAzureVMCancelJob (FINDINGS.md,
// "Jobs" and (c)) shows the job reading Cancelling with every task Cancelling, durations frozen,
// and later Cancelled. Only Backup and Restore jobs carry actionsInfo "Cancellable".

/** Simulated time a cancellation takes before the job reads Cancelled. */
export const CANCELLATION_MS = 30_000;

export const CANCELLABLE_OPERATIONS = ['Backup', 'Restore'];

/** Marks a running job as being cancelled; its plan ends Cancelled after CANCELLATION_MS. */
export function cancelJob(job: JobState, nowMs: number): void {
  job.cancelRequestedMs = nowMs;
  const snapshot = job.plan.snapshot;
  job.plan = {
    outcome: 'Cancelled',
    endMs: nowMs + CANCELLATION_MS,
    // A snapshot finished before the cancel stays Completed (no recovery point though: the job is Cancelled).
    ...(snapshot && snapshot.endMs <= nowMs ? { snapshot } : {}),
  };
}

/** The view of a job whose cancellation was asked for (cancelRequestedMs set). */
export function cancelledJobView(job: JobState, nowMs: number): JobView {
  const cancelledAt = job.cancelRequestedMs ?? nowMs;
  const ended = nowMs >= job.plan.endMs;
  const tasks = job.operation === 'Backup' ? cancelledTasks(job, ended) : [];
  return {
    status: ended ? 'Cancelled' : 'Cancelling',
    endMs: ended ? job.plan.endMs : undefined,
    // Frozen at the cancel request, as in the recording.
    durationMs: Math.max(0, cancelledAt - job.startMs),
    progressPercentage: 0,
    tasks,
  };
}

function cancelledTasks(job: JobState, ended: boolean): TaskView[] {
  const snapshotDone = job.plan.snapshot !== undefined;
  const pending: TaskStatus = ended ? 'Cancelled' : 'Cancelling';
  const snapshot: TaskView = snapshotDone
    ? { taskId: TASK_SNAPSHOT, status: ended ? 'Completed' : 'Cancelling', startMs: job.startMs, endMs: job.plan.snapshot!.endMs, progressPercentage: 100 }
    : { taskId: TASK_SNAPSHOT, status: pending, startMs: job.startMs, ...(ended ? { endMs: job.plan.endMs } : {}), progressPercentage: 0 };
  const transfer: TaskView = { taskId: TASK_TRANSFER, status: pending, ...(snapshotDone ? { startMs: job.plan.snapshot!.endMs } : {}), progressPercentage: 0 };
  return [snapshot, transfer];
}
