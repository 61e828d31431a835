// ARM resource ids and the Recovery Services naming scheme for IaaS VM containers and items:
//   container  IaasVMContainer;iaasvmcontainerv2;{resourceGroup};{vmName}
//   item       VM;iaasvmcontainerv2;{resourceGroup};{vmName}
// Azure lower-cases the resource group and VM parts; lookups here are case-insensitive anyway.

export const API_VERSION_BACKUP = '2023-06-01';
export const FABRIC = 'Azure';

export function subscriptionPath(subscriptionId: string): string {
  return `/subscriptions/${subscriptionId}`;
}

export function vaultId(subscriptionId: string, resourceGroup: string, vaultName: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.RecoveryServices/vaults/${vaultName}`;
}

export function vmId(subscriptionId: string, resourceGroup: string, vmName: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Compute/virtualMachines/${vmName}`;
}

export function containerName(resourceGroup: string, vmName: string): string {
  return `IaasVMContainer;iaasvmcontainerv2;${resourceGroup.toLowerCase()};${vmName.toLowerCase()}`;
}

export function protectedItemName(resourceGroup: string, vmName: string): string {
  return `VM;iaasvmcontainerv2;${resourceGroup.toLowerCase()};${vmName.toLowerCase()}`;
}

export function containerId(vault: string, container: string): string {
  return `${vault}/backupFabrics/${FABRIC}/protectionContainers/${container}`;
}

export function protectedItemId(vault: string, container: string, item: string): string {
  return `${containerId(vault, container)}/protectedItems/${item}`;
}

/** Resource group and VM name from a container or item name (`...;{rg};{vm}`), or undefined when malformed. */
export function parseVmFromBackupName(name: string): { resourceGroup: string; vmName: string } | undefined {
  const parts = name.split(';');
  if (parts.length < 3) return undefined;
  const vmName = parts[parts.length - 1];
  const resourceGroup = parts[parts.length - 2];
  if (!vmName || !resourceGroup) return undefined;
  return { resourceGroup, vmName };
}

/** Parses `/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Compute/virtualMachines/{vm}` (any case). */
export function parseVmId(id: string): { subscriptionId: string; resourceGroup: string; vmName: string } | undefined {
  const match = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.(?:Classic)?Compute\/virtualMachines\/([^/]+)$/i.exec(id.trim());
  if (!match) return undefined;
  return { subscriptionId: match[1], resourceGroup: match[2], vmName: match[3] };
}

/** Parses `.../vaults/{v}/backupPolicies/{p}` (any case). */
export function parsePolicyId(id: string): { subscriptionId: string; resourceGroup: string; vaultName: string; policyName: string } | undefined {
  const match = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.RecoveryServices\/vaults\/([^/]+)\/backupPolicies\/([^/]+)$/i.exec(id.trim());
  if (!match) return undefined;
  return { subscriptionId: match[1], resourceGroup: match[2], vaultName: match[3], policyName: match[4] };
}

export function key(...parts: string[]): string {
  return parts.map((part) => part.toLowerCase()).join('/');
}
