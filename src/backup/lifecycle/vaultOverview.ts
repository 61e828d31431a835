import type { Vault } from '@azure/arm-recoveryservices';
import { BackupError } from '../backupError';
import { sameArmId } from '../armIds';
import { createLimiter, mapLimited } from '../limiter';
import type { VaultView } from '../views';
import type { AzureAccess } from './azureAccess';
import { securityOf, type VaultSecurity } from './vaultSecurity';

/** What the `vaults` card adds to the vault list: the security state and the storage used. */
export interface VaultOverview {
  security?: VaultSecurity;
  /** Backup storage used, in bytes (the vault's *StorageUsage usages), when Azure says. */
  storageBytes?: number;
}

/** Vault reads in parallel at most (ARM throttles per subscription). */
const CONCURRENCY = 4;

/**
 * One vault list per subscription (its `securitySettings`, as Redo:0/3 show) and one `usages` read
 * per vault (storage in bytes, the published ListUsages example). A vault that cannot be read gets
 * no overview; the card says "not read" for it rather than failing the whole list.
 */
export async function readVaultOverviews(azure: AzureAccess, vaults: ReadonlyArray<Pick<VaultView, 'id' | 'name' | 'subscriptionId' | 'resourceGroup'>>): Promise<Map<string, VaultOverview>> {
  const limit = createLimiter(CONCURRENCY);
  const subscriptions = [...new Set(vaults.map((vault) => vault.subscriptionId))];
  const resources = (await mapLimited(limit, subscriptions, (subscriptionId) => tolerant(() => listVaults(azure, subscriptionId)))).flat();
  const storage = await mapLimited(limit, vaults, (vault) => tolerant(() => storageBytes(azure, vault)));
  const overviews = new Map<string, VaultOverview>();
  vaults.forEach((vault, index) => {
    const resource = resources.find((candidate) => sameArmId(candidate.id, vault.id));
    const bytes = storage[index];
    overviews.set(vault.id.toLowerCase(), { ...(resource ? { security: securityOf(resource) } : {}), ...(typeof bytes === 'number' ? { storageBytes: bytes } : {}) });
  });
  return overviews;
}

async function listVaults(azure: AzureAccess, subscriptionId: string): Promise<Vault[]> {
  return azure.call('list the vaults with their security settings', async () => {
    const vaults: Vault[] = [];
    for await (const vault of azure.sdk(subscriptionId).vaults.vaults.listBySubscriptionId()) vaults.push(vault);
    return vaults;
  });
}

async function storageBytes(azure: AzureAccess, vault: Pick<VaultView, 'name' | 'subscriptionId' | 'resourceGroup'>): Promise<number | undefined> {
  return azure.call(`read the storage used by vault ${vault.name}`, async () => {
    let total: number | undefined;
    for await (const usage of azure.sdk(vault.subscriptionId).vaults.usages.listByVaults(vault.resourceGroup, vault.name)) {
      // GRSStorageUsage / LRSStorageUsage (and their Dedup variants at 0 for VM backup), in bytes.
      if (usage.unit === 'Bytes' && /StorageUsage$/.test(usage.name?.value ?? '')) total = (total ?? 0) + (usage.currentValue ?? 0);
    }
    return total;
  });
}

/** A read that fails for one vault or subscription leaves its part out (the card says so). */
async function tolerant<T>(read: () => Promise<T>): Promise<T | []> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof BackupError) return [];
    throw err;
  }
}

/** "1.2 TiB", "350 GiB", "0 B". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}
