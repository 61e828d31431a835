import type { PolicyState, VaultState } from '../model/types';

export function policyJson(vault: VaultState, policy: PolicyState): Record<string, unknown> {
  const protectedItemsCount = [...vault.items.values()].filter(
    (item) => item.protectionState === 'Protected' && item.policyName.toLowerCase() === policy.name.toLowerCase(),
  ).length;
  const properties: Record<string, unknown> = { ...policy.properties, protectedItemsCount };
  // Azure answers V2 (Enhanced) policies with this field set, null when no resource guard applies.
  if (properties.policyType === 'V2' && !('resourceGuardOperationRequests' in properties)) properties.resourceGuardOperationRequests = null;
  return { id: `${vault.id}/backupPolicies/${policy.name}`, name: policy.name, type: 'Microsoft.RecoveryServices/vaults/backupPolicies', properties };
}
