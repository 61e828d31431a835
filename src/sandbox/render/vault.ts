import type { VaultState } from '../model/types';

export function vaultJson(vault: VaultState): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: vault.id,
    name: vault.name,
    type: 'Microsoft.RecoveryServices/vaults',
    location: vault.location,
    tags: vault.tags,
    etag: `W/"datetime'2024-01-01T00%3A00%3A00.000Z'"`,
    sku: { name: 'Standard' },
    properties: {
      provisioningState: 'Succeeded',
      publicNetworkAccess: 'Enabled',
      privateEndpointStateForBackup: 'None',
      privateEndpointStateForSiteRecovery: 'None',
      monitoringSettings: {
        azureMonitorAlertSettings: {
          alertsForAllJobFailures: 'Enabled',
          alertsForAllReplicationIssues: 'Enabled',
          alertsForAllFailoverIssues: 'Disabled',
        },
        classicAlertSettings: { alertsForCriticalOperations: 'Disabled', emailNotificationsForSiteRecovery: 'Enabled' },
      },
      securitySettings: {
        immutabilitySettings: { state: 'Disabled' },
        softDeleteSettings: { softDeleteRetentionPeriodInDays: 14, softDeleteState: 'Enabled', enhancedSecurityState: 'Enabled' },
        multiUserAuthorization: 'Disabled',
      },
      redundancySettings: {
        standardTierStorageRedundancy: vault.redundancy,
        crossRegionRestore: vault.crossRegionRestore ? 'Enabled' : 'Disabled',
      },
      secureScore: 'None',
      bcdrSecurityLevel: 'Poor',
      ...vault.extraProperties,
    },
  };
  if (vault.identity === 'SystemAssigned') {
    body.identity = {
      type: 'SystemAssigned',
      tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      principalId: stableGuid(vault.key),
    };
  }
  return body;
}

export function storageConfigJson(vault: VaultState): Record<string, unknown> {
  return {
    id: `${vault.id}/backupstorageconfig/vaultstorageconfig`,
    name: 'vaultstorageconfig',
    type: 'Microsoft.RecoveryServices/vaults/backupstorageconfig',
    properties: {
      storageModelType: vault.redundancy,
      storageType: vault.redundancy,
      storageTypeState: vault.storageLocked ? 'Locked' : 'Unlocked',
      crossRegionRestoreFlag: vault.crossRegionRestore,
      dedupState: 'Disabled',
      xcoolState: 'Disabled',
    },
  };
}

/** A GUID-shaped id derived from a string (same input, same id). */
export function stableGuid(text: string): string {
  let hex = '';
  let hash = 0x811c9dc5;
  for (let round = 0; hex.length < 32; round++) {
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
    hash = Math.imul(hash ^ round, 0x01000193) >>> 0;
    hex += hash.toString(16).padStart(8, '0');
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
