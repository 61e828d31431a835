/**
 * Deep links into the Azure portal for the objects the bot shows. The portal opens any resource at
 * `#resource{armId}` followed by a blade name; `#@{tenant}` is left out so the user's own directory
 * is used. Restore stays in the portal: the VM's Backup blade has "Restore VM" and "File recovery".
 */
const PORTAL = 'https://portal.azure.com/#resource';

export function portalUrl(resourceId: string, blade = 'overview'): string {
  const id = resourceId.startsWith('/') ? resourceId : `/${resourceId}`;
  return `${PORTAL}${encodeURI(id)}/${blade}`;
}

/** The VM's Backup blade: recovery points, Backup now, Restore VM, File recovery, Stop backup. */
export function vmBackupUrl(vmId: string): string {
  return portalUrl(vmId, 'backup');
}

export function vaultUrl(vaultId: string): string {
  return portalUrl(vaultId, 'overview');
}

/** The vault's Backup jobs list (jobs have no blade of their own that takes an ARM id). */
export function vaultJobsUrl(vaultId: string): string {
  return portalUrl(vaultId, 'backupJobs');
}

export function vaultPoliciesUrl(vaultId: string): string {
  return portalUrl(vaultId, 'backupPolicies');
}

export function vaultPropertiesUrl(vaultId: string): string {
  return portalUrl(vaultId, 'properties');
}
