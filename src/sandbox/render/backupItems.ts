import { containerId, protectedItemId } from '../model/ids';
import type { ProtectedItemState, VaultState, VmState } from '../model/types';
import { viewItem } from '../sim/jobView';
import { HEALTHY_DETAIL, jobErrorInfo } from '../sim/errorCatalog';
import type { ApiShape } from './apiShape';
import { iso, NEVER_BACKED_UP } from '../model/time';
import { softDeleteFields } from '../sim/softDelete';

// Protected items, protectable items and containers, key for key as recorded (FINDINGS.md (a), (f)).

const ITEM_TYPE = 'Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems';

export function protectedItemJson(vault: VaultState, item: ProtectedItemState, nowMs: number, shape: ApiShape): Record<string, unknown> {
  const view = viewItem(item, nowMs);
  const backedUp = view.lastBackupStatus !== undefined;
  const stopped = item.protectionState === 'ProtectionStopped';
  const healthy = view.healthStatus === 'Passed';
  const detail = backedUp ? healthDetail(view.lastBackupErrorCode, healthy) : undefined;
  const properties: Record<string, unknown> = {};
  if (shape.kpis) properties.kpisHealths = backedUp ? kpis(healthy, detail!) : {};
  Object.assign(properties, {
    friendlyName: item.vm.name,
    virtualMachineId: item.vm.id,
    protectionStatus: healthy ? 'Healthy' : 'Unhealthy',
    protectionState: view.protectionState,
    healthStatus: view.healthStatus,
  });
  if (detail) properties.healthDetails = [detail];
  // Never backed up: status "" and the 2001 sentinel, present (not null, not absent).
  properties.lastBackupStatus = view.lastBackupStatus ?? '';
  properties.lastBackupTime = view.lastBackupTimeMs === undefined ? NEVER_BACKED_UP : iso(view.lastBackupTimeMs);
  properties.protectedItemDataId = String(17592186044416 + (hash(item.vm.key) % 1_000_000_000));
  if (!shape.legacy && backedUp) properties.extendedProperties = {};
  if (shape.itemPolicyType) properties.policyType = '';
  Object.assign(properties, {
    protectedItemType: 'Microsoft.Compute/virtualMachines',
    backupManagementType: 'AzureIaasVM',
    workloadType: 'VM',
    containerName: item.containerName.replace(/^IaasVMContainer;/i, '').toLowerCase(),
    sourceResourceId: item.vm.id,
    // Stopped protection keeps both keys as empty strings.
    policyId: stopped ? '' : `${vault.id}/backupPolicies/${item.policyName}`,
    policyName: stopped ? '' : item.policyName,
  });
  if (view.lastRecoveryPointMs !== undefined) properties.lastRecoveryPoint = iso(view.lastRecoveryPointMs);
  if (!shape.legacy) properties.vaultId = `https://management.azure.com${vault.id}`;
  if (shape.archiveFlag) properties.isArchiveEnabled = false;
  if (!shape.legacy) properties.softDeleteRetentionPeriod = 0;
  const softDelete = softDeleteFields(vault, item, nowMs);
  // 2021/2022 answers give no retention days on a soft-deleted item (softdel:48); newer ones do.
  if (shape.legacy) delete softDelete.softDeleteRetentionPeriodInDays;
  Object.assign(properties, softDelete);
  return { id: protectedItemId(vault.id, item.containerName, item.itemName), name: item.itemName, type: ITEM_TYPE, properties };
}

function healthDetail(errorCode: string | undefined, healthy: boolean): Record<string, unknown> {
  if (healthy || !errorCode) return { ...HEALTHY_DETAIL, recommendations: [] };
  const info = jobErrorInfo(errorCode);
  return { code: info.numericCode, title: info.code, message: info.message, recommendations: info.recommendations };
}

/** kpisHealths of 2021-12-01/2022-02-01 items after a backup (scenario:119). */
function kpis(healthy: boolean, detail: Record<string, unknown>): Record<string, unknown> {
  const details = healthy ? [{ code: 0, title: 'Success', message: '', recommendations: [] }] : [detail];
  return { BackupOperationStatusKPI: { resourceHealthStatus: healthy ? 'Healthy' : 'Unhealthy', resourceHealthDetails: details } };
}

/** Protectable VM (scenario:20, softdel:21): name without "vm;", lower case; the id's last segment with "vm;". */
export function protectableItemJson(vault: VaultState, vm: VmState): Record<string, unknown> {
  const name = `iaasvmcontainerv2;${vm.resourceGroup.toLowerCase()};${vm.name.toLowerCase()}`;
  return {
    id: `${containerId(vault.id, `IaasVMContainer;${name}`)}/protectableItems/vm;${name}`,
    name,
    type: 'Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectableItems',
    properties: {
      virtualMachineId: vm.id,
      virtualMachineVersion: 'Compute',
      resourceGroup: vm.resourceGroup,
      backupManagementType: 'AzureIaasVM',
      protectableItemType: 'Microsoft.Compute/virtualMachines',
      friendlyName: vm.name,
      protectionState: 'NotProtected',
    },
  };
}

/** Container of a protected VM (softdel:58). */
export function protectionContainerJson(vault: VaultState, item: ProtectedItemState): Record<string, unknown> {
  return {
    id: containerId(vault.id, item.containerName),
    name: item.containerName,
    type: 'Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers',
    properties: {
      virtualMachineId: item.vm.id,
      virtualMachineVersion: 'Compute',
      resourceGroup: item.vm.resourceGroup,
      friendlyName: item.vm.name,
      backupManagementType: 'AzureIaasVM',
      registrationStatus: 'Registered',
      healthStatus: 'Healthy',
      containerType: 'Microsoft.Compute/virtualMachines',
      protectableObjectType: 'Microsoft.Compute/virtualMachines',
    },
  };
}

function hash(text: string): number {
  let value = 7;
  for (let i = 0; i < text.length; i++) value = (value * 31 + text.charCodeAt(i)) >>> 0;
  return value;
}
