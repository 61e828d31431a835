import { renderCard } from '../bot/cards';
import type { CommandDefinition } from '../bot/commandTypes';
import { describeUnreadable, type UnreadableVault } from '../backup/unreadableVaults';
import type { VaultView } from '../backup/views';
import { plural } from './presentation';

export const vaultsCommand: CommandDefinition = {
  name: 'vaults',
  summary: 'List the Recovery Services vaults the bot can see: region, redundancy, protected VMs.',
  usage: 'vaults',
  examples: ['vaults'],
  details: 'Redundancy is the vault storage replication (GRS by default, LRS or ZRS); it cannot change once items are protected.',
  minRole: 'viewer',
  async run({ services }) {
    const vaults = await services.backup.listVaults();
    return { card: renderCard('vaults', vaultsViewModel(vaults, vaults.unreadable)) };
  },
};

export function vaultsViewModel(vaults: VaultView[], unreadable: UnreadableVault[] = []) {
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
    })),
    hint: 'Type **vms VAULT** to list the VMs of a vault, or **policies VAULT** for its backup policies.',
  };
}
