import type { JobState, VaultState } from '../model/types';
import { jobErrorInfo } from '../sim/errorCatalog';
import { viewJob } from '../sim/jobView';
import type { TaskView } from '../sim/jobViewTypes';
import type { ApiShape } from './apiShape';
import { iso, isoDuration, NOT_ENDED, usDateTime } from '../model/time';
import { stableGuid } from './vault';

// Jobs as the backupJobs list and job GET return them (AzureIaaSVMJob), key for key as recorded
// (FINDINGS.md (c), (d) and "Jobs"): job lists carry no extendedInfo; a running job has no endTime;
// errorDetails only on failed (and warning) jobs; actionsInfo only on Backup/Restore jobs (whatever their status);
// isUserTriggered never (no recorded job has it).

export function jobJson(vault: VaultState, job: JobState, nowMs: number, withDetails: boolean, shape: ApiShape): Record<string, unknown> {
  const view = viewJob(job, nowMs);
  const properties: Record<string, unknown> = { jobType: 'AzureIaaSVMJob' };
  if (job.operation === 'Backup' || job.operation === 'Restore') properties.actionsInfo = shape.legacy ? [1] : ['Cancellable'];
  if (job.containerName !== undefined) properties.containerName = job.containerName.replace(/^IaasVMContainer;/i, '').toLowerCase();
  properties.duration = isoDuration(view.durationMs);
  if ((view.status === 'Failed' || view.status === 'CompletedWithWarnings') && view.errorCode) properties.errorDetails = [errorDetail(view.errorCode)];
  properties.virtualMachineVersion = 'Compute';
  if (withDetails) properties.extendedInfo = extendedInfo(job, view.tasks, nowMs, shape);
  properties.entityFriendlyName = job.entityFriendlyName;
  properties.backupManagementType = 'AzureIaasVM';
  properties.operation = job.operation;
  properties.status = view.status;
  properties.startTime = iso(job.startMs);
  if (view.endMs !== undefined) properties.endTime = iso(view.endMs);
  properties.activityId = stableGuid(`activity/${job.id}`);
  return { id: `${vault.id}/backupJobs/${job.id}`, name: job.id, type: 'Microsoft.RecoveryServices/vaults/backupJobs', properties };
}

function errorDetail(code: string): Record<string, unknown> {
  const info = jobErrorInfo(code);
  return { errorCode: info.numericCode, errorTitle: info.code, errorString: info.message, recommendations: info.recommendations };
}

function extendedInfo(job: JobState, tasks: TaskView[], nowMs: number, shape: ApiShape): Record<string, unknown> {
  const info: Record<string, unknown> = {
    tasksList: tasks.map((task) => taskJson(task, nowMs, shape)),
    propertyBag: propertyBag(job, nowMs),
  };
  if (job.operation === 'Backup') info.internalPropertyBag = { IsInstantRpJob: 'True' };
  return info;
}

/**
 * 2021-12-01/2022-02-01: {taskId, duration "PT0S" always, status}. 2024-10-01 (and the sandbox's
 * 2023-06-01): {taskId, startTime, endTime, duration, status, taskType}, with "0001-01-01T00:00:00"
 * (no Z) for a time that has not come yet (CJ:8).
 */
function taskJson(task: TaskView, nowMs: number, shape: ApiShape): Record<string, unknown> {
  if (shape.legacy) return { taskId: task.taskId, duration: 'PT0S', status: task.status };
  const durationMs = task.startMs === undefined ? 0 : (task.endMs ?? nowMs) - task.startMs;
  return {
    taskId: task.taskId,
    startTime: task.startMs === undefined ? NOT_ENDED : iso(task.startMs),
    endTime: task.endMs === undefined ? NOT_ENDED : iso(task.endMs),
    duration: isoDuration(durationMs),
    status: task.status,
    taskType: 'Normal',
  };
}

function propertyBag(job: JobState, nowMs: number): Record<string, string> {
  const bag: Record<string, string> = { 'VM Name': job.entityFriendlyName };
  if (job.operation === 'ConfigureBackup' || job.operation === 'DisableBackup') bag['Policy Name'] = job.policyName ?? '';
  if (job.operation === 'DeleteBackupData') bag['Number of Recovery Points'] = '0';
  if (job.operation === 'Undelete') bag['Undelete flag'] = 'True'; // softdel:54
  if (job.operation === 'Backup') {
    bag['Recovery Point Expiry Time in UTC'] = usDateTime(job.recoveryPointExpiryMs ?? job.startMs + 30 * 86_400_000);
    if (job.plan.transfer?.status === 'Completed' && job.plan.transfer.endMs <= nowMs) bag['Backup Size'] = `${(Math.abs(hashCode(job.id)) % 9000) + 100} MB`;
  }
  return bag;
}

function hashCode(text: string): number {
  let value = 0;
  for (let i = 0; i < text.length; i++) value = (value * 31 + text.charCodeAt(i)) | 0;
  return value;
}
