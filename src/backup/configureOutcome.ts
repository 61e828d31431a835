import type { JobErrorView, JobStatus, JobView } from './jobPhases';

/**
 * What configuring protection of a VM ended with (BackupService.configureProtection): its
 * ConfigureBackup job's id and status, and the job's first error when it failed. After a Succeeded
 * operation the id is Azure's (the operation names the job) and the status Completed is inferred,
 * not read: every configure flow recorded from Azure had the job Completed by then (FINDINGS (e)).
 * From the job itself when the operation failed naming it or Azure answered 200 without an operation.
 */
export interface ConfigureOutcome {
  jobId: string;
  vm: string;
  vault: string;
  status: JobStatus;
  error?: JobErrorView;
}

/** The outcome as a read of its ConfigureBackup job shows it. */
export function configureOutcomeOf(job: JobView): ConfigureOutcome {
  const error = job.errors[0];
  return { jobId: job.id, vm: job.vm, vault: job.vault, status: job.status, ...(error ? { error } : {}) };
}
