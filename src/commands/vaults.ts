import { renderCard } from '../bot/cards';
import type { CommandDefinition } from '../bot/commandTypes';
import { describeUnreadable, type UnreadableVault } from '../backup/unreadableVaults';
import type { VaultView } from '../backup/views';
import { formatBytes, type VaultOverview } from '../backup/lifecycle/vaultOverview';
import { securityLine } from '../backup/lifecycle/vaultSecurity';
import { vaultUrl } from '../backup/portalLinks';
import { plural } from './presentation';

export const vaultsCommand: CommandDefinition = {
  name: 'vaults',
  summary: 'List the Recovery Services vaults the bot can see: region, redundancy, protected VMs, security state, storage used.',
  usage: 'vaults',
  examples: ['vaults'],
  details:
    'Redundancy is the vault storage replication (GRS by default, LRS or ZRS); it cannot change once items are protected. Security: soft delete (deleted backup data kept 14 days by default, so it can be undeleted), immutability (recovery points cannot be deleted before they expire; Locked cannot be undone) and multi-user authorization (a Resource Guard must approve critical operations). Storage used is what Azure reports for the vault. Each vault links to the Azure portal. To create one: **vault create NAME**.',
  minRole: 'viewer',
  async run({ services }) {
    const vaults = await services.backup.listVaults();
    const overviews = await services.lifecycle.vaultOverviews(vaults);
    return { card: renderCard('vaults', vaultsViewModel(vaults, vaults.unreadable, overviews)) };
  },
};

export function vaultsViewModel(vaults: VaultView[], unreadable: UnreadableVault[] = [], overviews: ReadonlyMap<string, VaultOverview> = new Map()) {
  const unread = new Set(unreadable.map((u) => u.vaultId.toLowerCase()));
  const protectedTotal = vaults.reduce((sum, vault) => sum + vault.protectedItemCount, 0);
  const regions = new Set(vaults.map((vault) => vault.region.toLowerCase())).size;
  return {
    title: `Recovery Services vaults (${vaults.length})`,
    summary:
      vaults.length === 0
        ? "The bot's identity cannot see any Recovery Services vault. Give it Backup Reader on the vaults' resource groups."
        : [`${plural(protectedTotal, 'protected VM')} in ${plural(vaults.length, 'vault')}, ${plural(regions, 'region')}.`, describeUnreadable(unreadable)]
            .filter((part) => part !== undefined)
            .join(' '),
    vaults: vaults.map((vault) => ({
      name: vault.name,
      resourceGroup: vault.resourceGroup,
      region: vault.region,
      redundancy: vault.redundancyLabel,
      crossRegionRestore: vault.crossRegionRestore,
      protectedItems: unread.has(vault.id.toLowerCase()) ? '?' : String(vault.protectedItemCount),
      ...overviewView(overviews.get(vault.id.toLowerCase())),
      portal: `[Open in the Azure portal](${vaultUrl(vault.id)})`,
    })),
    hint: 'Type **vms VAULT** to list the VMs of a vault, or **policies VAULT** for its backup policies.',
  };
}

/** The security line (warning colour when soft delete is off) and the storage used; "not read" when Azure did not say. */
function overviewView(overview: VaultOverview | undefined) {
  const security = overview?.security;
  return {
    security: security ? `Security: ${securityLine(security)}` : 'Security: not read',
    // Soft delete off is a security risk, said in red (the Warning colour is unreadable on white).
    securityColor: security?.softDelete === 'Disabled' ? 'Attention' : 'Default',
    storage: overview?.storageBytes !== undefined ? `Storage used: ${formatBytes(overview.storageBytes)}` : 'Storage used: not read',
  };
}
