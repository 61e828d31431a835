import type { Vault } from '@azure/arm-recoveryservices';
import type { VaultView } from '../views';
import type { AzureAccess } from './azureAccess';

/** A vault's protection against deletion and tampering, as its securitySettings say. */
export interface VaultSecurity {
  softDelete: 'Enabled' | 'Disabled' | 'AlwaysON';
  /** Days soft-deleted backup data is kept (14 unless changed). */
  softDeleteDays: number;
  immutability: 'Disabled' | 'Unlocked' | 'Locked';
  multiUserAuthorization: 'Enabled' | 'Disabled';
}

const DEFAULT_SOFT_DELETE_DAYS = 14;

/** Reads the vault resource; missing settings read as Azure's defaults (soft delete on, 14 days). */
export async function readVaultSecurity(azure: AzureAccess, vault: Pick<VaultView, 'name' | 'subscriptionId' | 'resourceGroup'>): Promise<VaultSecurity> {
  const resource = await azure.call(`read the security settings of vault ${vault.name}`, () => azure.sdk(vault.subscriptionId).vaults.vaults.get(vault.resourceGroup, vault.name));
  return securityOf(resource);
}

/**
 * The security state in a vault resource (GET or list, api-version 2024-04-01 and later; Redo:0/3
 * show `securitySettings` with softDeleteSettings, immutabilitySettings and multiUserAuthorization).
 */
export function securityOf(resource: Vault): VaultSecurity {
  const security = resource.properties?.securitySettings;
  const soft = security?.softDeleteSettings;
  const softState = (soft?.softDeleteState ?? 'Enabled').toLowerCase();
  const immutability = (security?.immutabilitySettings?.state ?? 'Disabled').toLowerCase();
  return {
    softDelete: softState === 'alwayson' ? 'AlwaysON' : softState === 'disabled' ? 'Disabled' : 'Enabled',
    softDeleteDays: soft?.softDeleteRetentionPeriodInDays ?? DEFAULT_SOFT_DELETE_DAYS,
    immutability: immutability === 'locked' ? 'Locked' : immutability === 'unlocked' ? 'Unlocked' : 'Disabled',
    multiUserAuthorization: (security?.multiUserAuthorization ?? 'Disabled').toLowerCase() === 'enabled' ? 'Enabled' : 'Disabled',
  };
}

/** What deleting backup data does in this vault, in two sentences for the card. */
export function deleteConsequence(security: VaultSecurity, vmName: string): string {
  if (security.softDelete === 'Disabled') {
    return `Soft delete is OFF in this vault: the recovery points of ${vmName} are deleted for good and cannot be recovered.`;
  }
  return `Soft delete is ${security.softDelete === 'AlwaysON' ? 'always on' : 'on'} in this vault: the recovery points of ${vmName} are kept ${security.softDeleteDays} days in a soft-deleted state (no new backups, no restore), then purged. To undo within ${security.softDeleteDays} days: **reprotect ${vmName}** (undelete, then resume).`;
}

export function securityLine(security: VaultSecurity): string {
  const soft = security.softDelete === 'Disabled' ? 'soft delete off' : `soft delete ${security.softDelete === 'AlwaysON' ? 'always on' : 'on'} (${security.softDeleteDays} days)`;
  return `${soft}, immutability ${security.immutability.toLowerCase()}, multi-user authorization ${security.multiUserAuthorization.toLowerCase()}`;
}
