import type { AzureIaaSVMProtectedItem, ProtectedItemResource } from '@azure/arm-recoveryservicesbackup';
import { sameArmId } from '../armIds';
import { NotFoundError } from '../backupError';
import { toProtectedVm, type ProtectedVm } from '../protectionView';
import type { VaultView, VmRef } from '../views';
import type { AzureAccess } from './azureAccess';

const PROTECTED_VM_FILTER = "backupManagementType eq 'AzureIaasVM' and itemType eq 'VM'";

/** A VM's backup item as Azure has it now (any protection state), with the names to act on it. */
export interface BackupItem {
  vm: VmRef;
  /** Region of the VM. */
  vmRegion: string;
  vault: Omit<VaultView, 'protectedItemCount'>;
  containerName: string;
  itemName: string;
  protection: ProtectedVm;
  raw: AzureIaaSVMProtectedItem;
  /** Soft-deleted backup data (deleted while the vault's soft delete was on): kept, can be undeleted. */
  softDeleted: boolean;
  /** Days of soft-delete retention left, when Azure says. */
  softDeleteDaysLeft?: number;
}

/** The backup item of a VM, read fresh from the vault that protects it (or protected it). */
export async function findBackupItem(azure: AzureAccess, vmQuery: string | VmRef): Promise<BackupItem | undefined> {
  const details = await azure.backup.getVmDetails(vmQuery);
  const vm: VmRef = { id: details.id, name: details.name, resourceGroup: details.resourceGroup, subscriptionId: details.subscriptionId };
  if (!details.protection.vaultId) return undefined;
  const vault = await azure.backup.resolveVault(details.protection.vaultId);
  const resource = await azure.call(`read the backup item of ${vm.name} in vault ${vault.name}`, async () => {
    for await (const item of azure.sdk(vault.subscriptionId).backup.backupProtectedItems.list(vault.name, vault.resourceGroup, { filter: PROTECTED_VM_FILTER })) {
      const props = item.properties as AzureIaaSVMProtectedItem | undefined;
      if (sameArmId(props?.virtualMachineId ?? props?.sourceResourceId, vm.id)) return item;
    }
    return undefined;
  });
  if (!resource) return undefined;
  return backupItemOf(resource, vm, details.region, vault);
}

export async function requireBackupItem(azure: AzureAccess, vmQuery: string | VmRef): Promise<BackupItem> {
  const item = await findBackupItem(azure, vmQuery);
  if (!item) {
    const name = typeof vmQuery === 'string' ? vmQuery : vmQuery.name;
    throw new NotFoundError(`${name} has no backup in any vault the bot can see: it was never protected, or its backup data was deleted. Type **protect ${name}** to protect it.`);
  }
  return item;
}

function backupItemOf(resource: ProtectedItemResource, vm: VmRef, vmRegion: string, vault: Omit<VaultView, 'protectedItemCount'>): BackupItem | undefined {
  const protection = toProtectedVm(resource, vault);
  if (!protection) return undefined;
  const raw = resource.properties as AzureIaaSVMProtectedItem;
  const remaining = raw.deferredDeleteTimeRemaining ? daysOf(raw.deferredDeleteTimeRemaining) : undefined;
  return {
    vm,
    vmRegion,
    vault,
    containerName: protection.containerName,
    itemName: protection.itemName,
    protection,
    raw,
    softDeleted: raw.isScheduledForDeferredDelete === true,
    ...(remaining !== undefined ? { softDeleteDaysLeft: remaining } : {}),
  };
}

/** .NET TimeSpan "13.23:59:43.8068908" (softdel:48) -> whole days left (13). */
function daysOf(timeSpan: string): number | undefined {
  const match = /^(\d+)\./.exec(timeSpan);
  if (match) return Number(match[1]);
  return /^\d\d:\d\d/.test(timeSpan) ? 0 : undefined;
}
