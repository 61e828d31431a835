import type { JobState, ProtectedItemState, VaultState } from '../model/types';
import { DAY_MS } from '../model/clock';
import { iso } from '../model/time';

// An IaasVMRecoveryPoint (recording scenario:120/125, FINDINGS.md "Recovery points"). The tiers say
// where the point lives: InstantRP = the snapshot kept instantRpRetentionRangeInDays by the policy,
// HardenedRP = the vault copy. A warning job (transfer failed) has the snapshot only. The expiry
// (recoveryPointProperties.expiryTime, api 2023-06-01) is the on-demand expiry sent with "backup now",
// else the policy's daily retention.

const UNITS_MS: Record<string, number> = { days: DAY_MS, weeks: 7 * DAY_MS, months: 30 * DAY_MS, years: 365 * DAY_MS };

export function recoveryPointJson(vault: VaultState, item: ProtectedItemState, job: JobState, nowMs: number): Record<string, unknown> {
  const timeMs = job.plan.snapshot!.endMs;
  const vaulted = job.plan.transfer?.status === 'Completed' && job.plan.transfer.endMs <= nowMs;
  const policy = policyOf(vault, item);
  const snapshotDays = typeof policy?.instantRpRetentionRangeInDays === 'number' ? policy.instantRpRetentionRangeInDays : 2;
  const snapshotKept = timeMs + snapshotDays * DAY_MS > nowMs;
  const expiryMs = job.recoveryPointExpiryMs ?? (vaulted ? timeMs + dailyRetentionMs(policy) : timeMs + snapshotDays * DAY_MS);
  const tiers = [...(snapshotKept ? [{ type: 'InstantRP', status: 'Valid' }] : []), ...(vaulted ? [{ type: 'HardenedRP', status: 'Valid' }] : [])];
  const name = String(timeMs);
  return {
    id: `${vault.id}/backupFabrics/Azure/protectionContainers/${item.containerName}/protectedItems/${item.itemName}/recoveryPoints/${name}`,
    name,
    type: 'Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems/recoveryPoints',
    properties: {
      objectType: 'IaasVMRecoveryPoint',
      recoveryPointType: 'AppConsistent',
      recoveryPointTime: iso(timeMs),
      recoveryPointAdditionalInfo: '',
      sourceVMStorageType: 'NormalStorage',
      isSourceVMEncrypted: false,
      isInstantIlrSessionActive: false,
      recoveryPointTierDetails: tiers,
      isManagedVirtualMachine: item.vm.disks.managed,
      virtualMachineSize: item.vm.size,
      originalStorageAccountOption: false,
      osType: item.vm.os.type,
      // Stopped with data retained: points are kept until the data is deleted, so no expiry.
      recoveryPointProperties: {
        ...(item.protectionState === 'ProtectionStopped' && job.recoveryPointExpiryMs === undefined ? {} : { expiryTime: iso(expiryMs) }),
        ruleName: job.onDemand ? '' : 'DailyRule',
        isSoftDeleted: false,
      },
    },
  };
}

/** A point is listed while one of its tiers exists (a snapshot-only point goes with its snapshot). */
export function recoveryPointExists(vault: VaultState, item: ProtectedItemState, job: JobState, nowMs: number): boolean {
  const json = recoveryPointJson(vault, item, job, nowMs) as { properties: { recoveryPointTierDetails: unknown[] } };
  return json.properties.recoveryPointTierDetails.length > 0;
}

function policyOf(vault: VaultState, item: ProtectedItemState): Record<string, unknown> | undefined {
  return vault.policies.get(item.policyName.toLowerCase())?.properties;
}

function dailyRetentionMs(policy: Record<string, unknown> | undefined): number {
  const retention = policy?.retentionPolicy as { dailySchedule?: { retentionDuration?: { count?: number; durationType?: string } } } | undefined;
  const duration = retention?.dailySchedule?.retentionDuration;
  const unit = UNITS_MS[(duration?.durationType ?? 'Days').toLowerCase()] ?? DAY_MS;
  return (duration?.count ?? 30) * unit;
}
