import type { AzureIaaSVMProtectedItem, ProtectedItemResource } from '@azure/arm-recoveryservicesbackup';
import { containerName, parseArmId, parseBackupItemName, protectedItemName } from './armIds';
import type { ProtectionStateView, ProtectionView, VaultView } from './views';

/** A VM's protected item in a vault, with the names needed to act on it (trigger a backup). */
export interface ProtectedVm {
  /** ARM id of the VM (virtualMachineId / sourceResourceId), lower-cased for matching. */
  vmKey: string;
  vault: VaultView;
  containerName: string;
  itemName: string;
  policyName?: string;
  view: ProtectionView;
}

const STATES: ProtectionStateView[] = ['Protected', 'ProtectionStopped', 'ProtectionPaused', 'ProtectionError', 'IRPending'];

export function toProtectedVm(resource: ProtectedItemResource, vault: VaultView): ProtectedVm | undefined {
  const item = resource.properties as AzureIaaSVMProtectedItem | undefined;
  const vmId = item?.virtualMachineId ?? item?.sourceResourceId;
  if (!item || !vmId) return undefined;
  const names = namesOf(resource);
  const state = STATES.find((s) => s.toLowerCase() === (item.protectionState ?? '').toLowerCase()) ?? 'Unknown';
  const policyName = item.policyName ?? (item.policyId ? item.policyId.split('/').pop() : undefined);
  return {
    vmKey: vmId.toLowerCase(),
    vault,
    containerName: names.container,
    itemName: names.item,
    policyName,
    view: {
      state,
      vault: vault.name,
      vaultId: vault.id,
      policy: policyName,
      lastBackupTime: toIso(item.lastBackupTime),
      lastRecoveryPoint: toIso(item.lastRecoveryPoint),
      lastBackupStatus: item.lastBackupStatus,
      health: item.healthStatus,
    },
  };
}

/** Container and item names from the item's ARM id, falling back on the documented formats. */
function namesOf(resource: ProtectedItemResource): { container: string; item: string } {
  const parsed = parseArmId(resource.id ?? '');
  const container = parsed?.children.find(([type]) => type.toLowerCase() === 'protectioncontainers')?.[1];
  const item = parsed?.children.find(([type]) => type.toLowerCase() === 'protecteditems')?.[1] ?? resource.name;
  if (container && item) return { container, item };
  const fromName = parseBackupItemName(item ?? '');
  if (fromName) return { container: containerName(fromName.resourceGroup, fromName.vmName), item: protectedItemName(fromName.resourceGroup, fromName.vmName) };
  return { container: container ?? '', item: item ?? '' };
}

function toIso(value: Date | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export const NOT_PROTECTED: ProtectionView = { state: 'NotProtected' };
