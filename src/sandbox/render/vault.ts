import type { VaultState } from '../model/types';

/**
 * A vault as GET returns it. api-version 2021-03-01 (scenario:17, softdel:14) answered a short form;
 * 2024-04-01 (the bot's SDK, TF:2) and 2025-08-01 (Redo:0) the long one.
 */
export function vaultJson(vault: VaultState, apiVersion = '2024-04-01'): Record<string, unknown> {
  const legacy = apiVersion < '2024-01-01';
  const properties: Record<string, unknown> = legacy
    ? {
        provisioningState: 'Succeeded',
        privateEndpointStateForBackup: 'None',
        privateEndpointStateForSiteRecovery: 'None',
        networkSettings: { publicNetworkAccess: 'Enabled' },
      }
    : {
        // A vault being created reads Provisioning until its creation operation is done (sample:1).
        provisioningState: [...vault.operations.values()].some((op) => op.kind === 'VaultCreate' && op.completedMs === undefined) ? 'Provisioning' : 'Succeeded',
        privateEndpointStateForBackup: 'None',
        privateEndpointStateForSiteRecovery: 'None',
        backupStorageVersion: 'V2',
        securitySettings: {
          immutabilitySettings: { state: 'Disabled' },
          ...(apiVersion >= '2025-01-01' ? { sourceScanConfiguration: { state: 'Disabled' } } : {}),
          softDeleteSettings: { softDeleteRetentionPeriodInDays: 14, softDeleteState: 'Enabled', enhancedSecurityState: 'Enabled' },
          multiUserAuthorization: 'Disabled',
        },
        redundancySettings: {
          standardTierStorageRedundancy: vault.redundancy,
          crossRegionRestore: vault.crossRegionRestore ? 'Enabled' : 'Disabled',
        },
        secureScore: 'None',
        bcdrSecurityLevel: 'Poor',
        publicNetworkAccess: 'Enabled',
        restoreSettings: { crossSubscriptionRestoreSettings: { crossSubscriptionRestoreState: 'Enabled' } },
        // Alert settings: on vaults that have them configured (Redo:0; the published example GETVault).
        monitoringSettings: {
          azureMonitorAlertSettings: { alertsForAllJobFailures: 'Enabled', alertsForAllReplicationIssues: 'Enabled', alertsForAllFailoverIssues: 'Disabled' },
          classicAlertSettings: { alertsForCriticalOperations: 'Disabled', emailNotificationsForSiteRecovery: 'Enabled' },
        },
      };
  const body: Record<string, unknown> = {
    location: vault.location,
    name: vault.name,
    etag: `W/"datetime'2024-01-01T00%3A00%3A00.000Z'"`,
    // Azure leaves the key out when a vault has no tags (scenario:17).
    ...(Object.keys(vault.tags).length > 0 ? { tags: vault.tags } : {}),
    properties: { ...properties, ...vault.extraProperties },
    id: vault.id,
    type: 'Microsoft.RecoveryServices/vaults',
    sku: legacy ? { name: 'Standard' } : { name: 'RS0', tier: 'Standard' },
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
