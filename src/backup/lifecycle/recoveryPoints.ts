import type { IaasVMRecoveryPoint } from '@azure/arm-recoveryservicesbackup';
import type { VaultView, VmRef } from '../views';
import type { AzureAccess } from './azureAccess';
import { requireBackupItem } from './protectedItem';

/** Where a recovery point lives: the instant-restore snapshot, the vault copy, or both. */
export type PointTier = 'snapshot' | 'vault' | 'both';

export interface RecoveryPointView {
  id: string;
  /** ISO time of the point. */
  time: string;
  tier: PointTier;
  /** ISO expiry, when Azure gives one (none while protection is stopped with data retained). */
  expiry?: string;
  /** AppConsistent, FileSystemConsistent, CrashConsistent. */
  consistency?: string;
}

export interface RecoveryPointList {
  vm: VmRef;
  vault: Omit<VaultView, 'protectedItemCount'>;
  protectionState: string;
  points: RecoveryPointView[];
}

const FABRIC = 'Azure';
const MAX_POINTS = 500;

/**
 * What restoring from each tier allows (Azure Backup docs, "Instant Restore" and "Restore options").
 * Shown on the points card; the restore itself is done in the portal.
 */
export const TIER_MEANING: Record<PointTier, string> = {
  snapshot: 'Snapshot only (no vault copy): instant restore of the VM, its disks or files, and only while the snapshot is kept.',
  vault: 'Vault copy: every restore option (new VM, restore or replace disks, file recovery, cross-region restore on a GRS vault with it enabled), slower than a snapshot.',
  both: 'Snapshot and vault copy: instant restore from the snapshot (fastest), and every restore option from the vault copy.',
};

/** The recovery points of a VM's backup item, newest first. */
export async function listRecoveryPoints(azure: AzureAccess, vmQuery: string): Promise<RecoveryPointList> {
  const item = await requireBackupItem(azure, vmQuery);
  const { vault } = item;
  const points = await azure.call(`list the recovery points of ${item.vm.name}`, async () => {
    const found: RecoveryPointView[] = [];
    for await (const resource of azure.sdk(vault.subscriptionId).backup.recoveryPoints.list(vault.name, vault.resourceGroup, FABRIC, item.containerName, item.itemName)) {
      const view = toPointView(resource.name ?? '', resource.properties as IaasVMRecoveryPoint | undefined);
      if (view) found.push(view);
      if (found.length >= MAX_POINTS) break;
    }
    return found;
  });
  points.sort((a, b) => b.time.localeCompare(a.time));
  return { vm: item.vm, vault, protectionState: item.protection.view.state, points };
}

export function toPointView(name: string, props: IaasVMRecoveryPoint | undefined): RecoveryPointView | undefined {
  const time = isoOf(props?.recoveryPointTime);
  if (!props || !time) return undefined;
  const tiers = (props.recoveryPointTierDetails ?? []).filter((t) => (t.status ?? 'Valid') === 'Valid').map((t) => t.type);
  const snapshot = tiers.includes('InstantRP');
  const vaulted = tiers.includes('HardenedRP') || tiers.includes('ArchivedRP');
  // Older api versions send no tier details: such points are vault copies.
  const tier: PointTier = snapshot && vaulted ? 'both' : snapshot ? 'snapshot' : 'vault';
  const expiry = isoOf(props.recoveryPointProperties?.expiryTime);
  return { id: name, time, tier, ...(expiry ? { expiry } : {}), ...(props.recoveryPointType ? { consistency: props.recoveryPointType } : {}) };
}

function isoOf(value: Date | string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
