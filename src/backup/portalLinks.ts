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

/** A titled portal link, for the cards' "open in the portal" buttons (src/bot/portalActions.ts). */
export interface PortalLink {
  title: string;
  url: string;
}

/** A VM's Backup blade. */
export function vmLink(vmId: string): PortalLink {
  return { title: 'VM backup in the portal', url: vmBackupUrl(vmId) };
}

export function vaultJobsLink(vaultId: string): PortalLink {
  return { title: 'Vault jobs in the portal', url: vaultJobsUrl(vaultId) };
}

export function vaultPoliciesLink(vaultId: string): PortalLink {
  return { title: 'Vault policies in the portal', url: vaultPoliciesUrl(vaultId) };
}

/**
 * A job's links: its VM's Backup blade (the VM id is rebuilt from the job's subscription and its
 * container's resource group) and its vault's Backup jobs list (jobs have no blade of their own).
 */
export function jobLinks(job: { vm: string; vaultId?: string; subscriptionId?: string; vmResourceGroup?: string }): PortalLink[] {
  const links: PortalLink[] = [];
  if (job.subscriptionId && job.vmResourceGroup && job.vm) {
    links.push(vmLink(`/subscriptions/${job.subscriptionId}/resourceGroups/${job.vmResourceGroup}/providers/Microsoft.Compute/virtualMachines/${job.vm}`));
  }
  if (job.vaultId) links.push(vaultJobsLink(job.vaultId));
  return links;
}
