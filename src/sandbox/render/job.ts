import type { JobState, VaultState } from '../model/types';
import { jobErrorInfo } from '../sim/errorCatalog';
import { viewJob, type TaskView } from '../sim/jobView';
import { iso, isoDuration } from './time';
import { stableGuid } from './vault';

// Jobs as backupJobs list and job details return them (AzureIaaSVMJob). Details add extendedInfo.

export function jobJson(vault: VaultState, job: JobState, nowMs: number, withDetails: boolean): Record<string, unknown> {
  const view = viewJob(job, nowMs);
  const properties: Record<string, unknown> = {
    jobType: 'AzureIaaSVMJob',
    entityFriendlyName: job.entityFriendlyName,
    backupManagementType: 'AzureIaasVM',
    operation: job.operation,
    status: view.status,
    startTime: iso(job.startMs),
    endTime: view.endMs === undefined ? undefined : iso(view.endMs),
    activityId: stableGuid(`activity/${job.id}`),
    duration: isoDuration(view.durationMs),
    virtualMachineVersion: 'Compute',
    containerName: job.containerName,
    isUserTriggered: job.isUserTriggered,
    actionsInfo: view.status === 'InProgress' ? ['Cancellable'] : [],
    errorDetails: view.errorCode ? [errorDetail(view.errorCode)] : [],
  };
  if (withDetails) {
    properties.extendedInfo = {
      tasksList: view.tasks.map((task) => taskJson(task, nowMs)),
      propertyBag: propertyBag(job),
      progressPercentage: view.progressPercentage,
      dynamicErrorMessage: view.errorCode ? jobErrorInfo(view.errorCode).message : undefined,
    };
  }
  return { id: `${vault.id}/backupJobs/${job.id}`, name: job.id, type: 'Microsoft.RecoveryServices/vaults/backupJobs', properties };
}

function errorDetail(code: string): Record<string, unknown> {
  const info = jobErrorInfo(code);
  return { errorCode: info.numericCode, errorTitle: info.code, errorString: info.message, recommendations: info.recommendations };
}

function taskJson(task: TaskView, nowMs: number): Record<string, unknown> {
  const durationMs = task.startMs === undefined ? 0 : (task.endMs ?? nowMs) - task.startMs;
  return {
    taskId: task.taskId,
    startTime: task.startMs === undefined ? undefined : iso(task.startMs),
    endTime: task.endMs === undefined ? undefined : iso(task.endMs),
    duration: isoDuration(durationMs),
    status: task.status,
    progressPercentage: task.progressPercentage,
  };
}

function propertyBag(job: JobState): Record<string, string> {
  const bag: Record<string, string> = { 'VM Name': job.entityFriendlyName };
  if (job.operation === 'Backup') bag['Backup Size'] = `${(Math.abs(hashCode(job.id)) % 9000) + 100} MB`;
  if (job.recoveryPointExpiryMs !== undefined) bag['Recovery point expiry time in UTC'] = iso(job.recoveryPointExpiryMs);
  return bag;
}

function hashCode(text: string): number {
  let value = 0;
  for (let i = 0; i < text.length; i++) value = (value * 31 + text.charCodeAt(i)) | 0;
  return value;
}
