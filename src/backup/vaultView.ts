import type { Vault } from '@azure/arm-recoveryservices';
import { parseVaultId } from './armIds';
import type { Redundancy } from './preflight';
import type { VaultView } from './views';

const REDUNDANCY: Record<string, Redundancy> = {
  georedundant: 'GRS',
  locallyredundant: 'LRS',
  zoneredundant: 'ZRS',
};

const LABELS: Record<Redundancy, string> = {
  GRS: 'Geo-redundant (GRS)',
  LRS: 'Locally redundant (LRS)',
  ZRS: 'Zone-redundant (ZRS)',
  Unknown: 'Not reported',
};

export function redundancyOf(value: string | undefined): Redundancy {
  return REDUNDANCY[(value ?? '').toLowerCase()] ?? 'Unknown';
}

export function toVaultView(vault: Vault, protectedItemCount: number): VaultView {
  const ref = parseVaultId(vault.id ?? '');
  const redundancy = redundancyOf(vault.properties?.redundancySettings?.standardTierStorageRedundancy);
  return {
    name: vault.name ?? ref?.name ?? '',
    id: vault.id ?? '',
    subscriptionId: ref?.subscriptionId ?? '',
    resourceGroup: ref?.resourceGroup ?? '',
    region: vault.location ?? '',
    redundancy,
    redundancyLabel: LABELS[redundancy],
    crossRegionRestore: vault.properties?.redundancySettings?.crossRegionRestore === 'Enabled',
    protectedItemCount,
  };
}
