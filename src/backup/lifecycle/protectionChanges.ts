import type { AzureIaaSComputeVMProtectedItem, ProtectedItemResource } from '@azure/arm-recoveryservicesbackup';
import { policyNameProblem } from '../armIds';
import { BackupError, InvalidInputError } from '../backupError';
import type { JobView } from '../jobPhases';
import type { PolicyView } from '../views';
import type { AzureAccess } from './azureAccess';
import { canResume, canStop, takingBackups } from '../protectionView';
import { requireBackupItem, type BackupItem } from './protectedItem';
import { readVaultSecurity, type VaultSecurity } from './vaultSecurity';

// Stop protection (keep or delete data), resume it, change the policy: all PUT/DELETE on the
// protected item, answered 202 and followed through the vault-level backupOperations/{op}, as the
// CLI and PowerShell do (FINDINGS.md (e)). Shapes: stop = PUT protectionState ProtectionStopped with
// policyId "" (Redo:7/21); delete = DELETE item (job:156, softdel:43); undelete = PUT isRehydrate
// (softdel:50); resume / change policy = PUT with the policyId.

const FABRIC = 'Azure';
const VM_ITEM_TYPE = 'Microsoft.Compute/virtualMachines' as const;

export interface StopPlan {
  item: BackupItem;
  security: VaultSecurity;
}

export interface ChangeResult {
  item: BackupItem;
  job: JobView;
  /** Undelete job, when resuming soft-deleted data needed one first. */
  undeleteJob?: JobView;
}

/** Checks a stop (or data delete) is possible now; a sentence otherwise. */
export async function planStop(azure: AzureAccess, vm: string, deleteData: boolean): Promise<StopPlan> {
  const item = await requireBackupItem(azure, vm);
  const name = item.vm.name;
  if (item.softDeleted) throw new InvalidInputError(`The backup data of ${name} is already soft-deleted${daysLeft(item)}. Type **reprotect ${name}** to undelete it and resume.`);
  if (!deleteData && !canStop(item.protection.view.state)) {
    throw new InvalidInputError(`Protection of ${name} is already stopped (its data is kept in vault ${item.vault.name}). Use --delete-data to delete the data, or **reprotect ${name}** to resume.`);
  }
  return { item, security: await readVaultSecurity(azure, item.vault) };
}

export async function stopProtection(azure: AzureAccess, vm: string): Promise<ChangeResult> {
  const { item } = await planStop(azure, vm, false);
  const body = itemBody(item, { policyId: '', protectionState: 'ProtectionStopped' });
  const job = await putItem(azure, item, body, `stop the protection of ${item.vm.name}`);
  return { item, job };
}

export async function deleteBackupData(azure: AzureAccess, vm: string): Promise<ChangeResult> {
  const { item } = await planStop(azure, vm, true);
  const { vault } = item;
  const backup = azure.sdk(vault.subscriptionId).backup;
  const what = `delete the backup data of ${item.vm.name}`;
  const response = await azure.write(what, (onResponse) => backup.protectedItems.delete(vault.name, vault.resourceGroup, FABRIC, item.containerName, item.itemName, { onResponse }));
  if (response.status !== 202) throw new BackupError('azure-error', `Azure answered ${response.status} to the request to ${what}; check the vault's backup jobs.`);
  const jobId = await azure.jobOfOperation(response.headers, (op) => backup.backupOperationStatuses.get(vault.name, vault.resourceGroup, op), `deleting the backup data of ${item.vm.name}`);
  return { item, job: await azure.backup.getJob(jobId, vault.id) };
}

/** Checks a resume is possible: protection stopped (or data soft-deleted), and the policy exists in the item's vault. */
export async function planResume(azure: AzureAccess, vm: string, policyName: string): Promise<{ item: BackupItem; policy: PolicyView }> {
  const item = await requireBackupItem(azure, vm);
  if (!canResume(item.protection.view.state) && !item.softDeleted) {
    throw new InvalidInputError(`${item.vm.name} is already protected in vault ${item.vault.name} with ${item.protection.policyName ?? 'a policy'}. To change its policy: **assign ${item.vm.name} --policy P**.`);
  }
  return { item, policy: await vaultPolicy(azure, item, policyName) };
}

export async function resumeProtection(azure: AzureAccess, vm: string, policyName: string): Promise<ChangeResult> {
  const { item, policy } = await planResume(azure, vm, policyName);
  let undeleteJob: JobView | undefined;
  if (item.softDeleted) {
    const body = itemBody(item, { policyId: '', protectionState: 'ProtectionStopped', isRehydrate: true });
    undeleteJob = await putItem(azure, item, body, `undelete the backup data of ${item.vm.name}`);
  }
  const job = await putItem(azure, item, itemBody(item, { policyId: policy.id }), `resume the protection of ${item.vm.name}`);
  return { item, job, ...(undeleteJob ? { undeleteJob } : {}) };
}

/** Checks a policy change: VM actively protected, policy in the same vault and different. */
export async function planPolicyChange(azure: AzureAccess, vm: string, policyName: string): Promise<{ item: BackupItem; policy: PolicyView }> {
  const item = await requireBackupItem(azure, vm);
  const name = item.vm.name;
  // A paused or suspended item takes no backups either: resuming it with the policy is the change.
  if (item.softDeleted || !takingBackups(item.protection.view.state)) {
    const how = item.protection.view.state === 'ProtectionPaused' ? 'paused' : item.protection.view.state === 'BackupsSuspended' ? 'suspended' : 'stopped';
    throw new InvalidInputError(`Protection of ${name} is ${how}, so it has no policy to change. Type **reprotect ${name} --policy ${policyName}** to resume with that policy.`);
  }
  const policy = await vaultPolicy(azure, item, policyName);
  if (item.protection.policyName?.toLowerCase() === policy.name.toLowerCase()) {
    throw new InvalidInputError(`${name} already uses policy ${policy.name}. Nothing was changed.`);
  }
  return { item, policy };
}

export async function changePolicy(azure: AzureAccess, vm: string, policyName: string): Promise<ChangeResult> {
  const { item, policy } = await planPolicyChange(azure, vm, policyName);
  const job = await putItem(azure, item, itemBody(item, { policyId: policy.id }), `move ${item.vm.name} to policy ${policy.name}`);
  return { item, job };
}

async function vaultPolicy(azure: AzureAccess, item: BackupItem, policyName: string): Promise<PolicyView> {
  const problem = policyNameProblem(policyName.trim());
  if (problem) throw new InvalidInputError(problem);
  // A VM can only use a policy of the vault that holds its backup data.
  return azure.backup.getPolicy(policyName.trim(), item.vault.id);
}

function itemBody(item: BackupItem, fields: Partial<AzureIaaSComputeVMProtectedItem>): ProtectedItemResource {
  return { properties: { protectedItemType: VM_ITEM_TYPE, sourceResourceId: item.vm.id, ...fields } as AzureIaaSComputeVMProtectedItem };
}

async function putItem(azure: AzureAccess, item: BackupItem, body: ProtectedItemResource, what: string): Promise<JobView> {
  const { vault } = item;
  const backup = azure.sdk(vault.subscriptionId).backup;
  const response = await azure.write(what, (onResponse) => backup.protectedItems.createOrUpdate(vault.name, vault.resourceGroup, FABRIC, item.containerName, item.itemName, body, { onResponse }));
  if (response.status !== 202) throw new BackupError('azure-error', `Azure answered ${response.status} to the request to ${what}; check the vault's backup jobs.`);
  const jobId = await azure.jobOfOperation(response.headers, (op) => backup.backupOperationStatuses.get(vault.name, vault.resourceGroup, op), what);
  azure.logger.info({ vm: item.vm.id, vault: vault.name, jobId }, what);
  return azure.backup.getJob(jobId, vault.id);
}

function daysLeft(item: BackupItem): string {
  return item.softDeleteDaysLeft !== undefined ? ` (purged in ${item.softDeleteDaysLeft} days)` : '';
}
