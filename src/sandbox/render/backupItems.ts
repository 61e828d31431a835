import { containerId, protectedItemId } from '../model/ids';
import type { ProtectedItemState, VaultState, VmState } from '../model/types';
import { viewItem } from '../sim/jobView';
import { jobErrorInfo } from '../sim/errorCatalog';
import { iso } from './time';

const ITEM_TYPE = 'Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems';

export function protectedItemJson(vault: VaultState, item: ProtectedItemState, nowMs: number): Record<string, unknown> {
  const view = viewItem(item, nowMs);
  const properties: Record<string, unknown> = {
    protectedItemType: 'Microsoft.Compute/virtualMachines',
    friendlyName: item.vm.name,
    virtualMachineId: item.vm.id,
    protectionStatus: view.healthStatus === 'Passed' ? 'Healthy' : 'Unhealthy',
    protectionState: view.protectionState,
    healthStatus: view.healthStatus,
    lastBackupStatus: view.lastBackupStatus,
    lastBackupTime: view.lastBackupTimeMs === undefined ? undefined : iso(view.lastBackupTimeMs),
    protectedItemDataId: String(17592186044416 + (hash(item.vm.key) % 1_000_000_000)),
    backupManagementType: 'AzureIaasVM',
    workloadType: 'VM',
    containerName: item.containerName.replace(/^IaasVMContainer;/i, ''),
    sourceResourceId: item.vm.id,
    policyId: item.protectionState === 'ProtectionStopped' ? '' : `${vault.id}/backupPolicies/${item.policyName}`,
    policyName: item.protectionState === 'ProtectionStopped' ? undefined : item.policyName,
    lastRecoveryPoint: view.lastRecoveryPointMs === undefined ? null : iso(view.lastRecoveryPointMs),
    vaultId: vault.id,
    isScheduledForDeferredDelete: false,
    softDeleteRetentionPeriodInDays: 14,
    extendedInfo: {
      oldestRecoveryPoint: view.oldestRecoveryPointMs === undefined ? undefined : iso(view.oldestRecoveryPointMs),
      recoveryPointCount: view.recoveryPointCount,
      policyInconsistent: false,
    },
    kpisHealths: {},
  };
  if (view.lastBackupErrorCode && view.healthStatus !== 'Passed') {
    const info = jobErrorInfo(view.lastBackupErrorCode);
    properties.healthDetails = [{ code: info.numericCode, title: info.code, message: info.message, recommendations: info.recommendations }];
  }
  return { id: protectedItemId(vault.id, item.containerName, item.itemName), name: item.itemName, type: ITEM_TYPE, properties };
}

export function protectableItemJson(vault: VaultState, vm: VmState): Record<string, unknown> {
  const container = `IaasVMContainer;iaasvmcontainerv2;${vm.resourceGroup.toLowerCase()};${vm.name.toLowerCase()}`;
  const item = `VM;iaasvmcontainerv2;${vm.resourceGroup.toLowerCase()};${vm.name.toLowerCase()}`;
  return {
    id: `${containerId(vault.id, container)}/protectableItems/${item}`,
    name: item,
    type: 'Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectableItems',
    properties: {
      protectableItemType: 'Microsoft.Compute/virtualMachines',
      backupManagementType: 'AzureIaasVM',
      workloadType: 'VM',
      friendlyName: vm.name,
      virtualMachineId: vm.id,
      virtualMachineVersion: 'Compute',
      resourceGroup: vm.resourceGroup,
      protectionState: 'NotProtected',
    },
  };
}

export function protectionContainerJson(vault: VaultState, item: ProtectedItemState): Record<string, unknown> {
  return {
    id: containerId(vault.id, item.containerName),
    name: item.containerName,
    type: 'Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers',
    properties: {
      containerType: 'Microsoft.Compute/virtualMachines',
      friendlyName: item.vm.name,
      backupManagementType: 'AzureIaasVM',
      registrationStatus: 'Registered',
      healthStatus: 'Healthy',
      virtualMachineId: item.vm.id,
      virtualMachineVersion: 'Compute',
      resourceGroup: item.vm.resourceGroup,
    },
  };
}

function hash(text: string): number {
  let value = 7;
  for (let i = 0; i < text.length; i++) value = (value * 31 + text.charCodeAt(i)) >>> 0;
  return value;
}
