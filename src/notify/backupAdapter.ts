import { resourceRefOf } from '../approvals/resourceRef';
import { BackupError } from '../backup/backupError';
import type { BackupService } from '../backup/backupService';
import { takingBackups } from '../backup/protectionView';
import type { PolicyView, VmSummary } from '../backup/views';
import { MAX_JOBS_PER_QUERY, type NotifyBackup, type PolicyInfo, type PolicyScheduleWriter, type ProtectedVmInfo, type VaultInfo } from './ports';


/**
 * notify/'s view of the BackupService. Vaults are always passed by ARM id, so two vaults with the
 * same name in different subscriptions never mix.
 */
export function notifyBackupFrom(service: BackupService): NotifyBackup & PolicyScheduleWriter {
  const vmsOf = (vault: VaultInfo) => service.listVms({ vault: vault.id });
  return {
    async listVaults() {
      // The watcher runs every minute: it needs the vaults, not their item counts.
      return (await service.listVaultRefs()).map(resourceRefOf);
    },
    listJobs(vault, since, status) {
      return service.listJobs({ vault: vault.id, since, operation: 'Backup', limit: MAX_JOBS_PER_QUERY, ...(status ? { status } : {}) });
    },
    getJob(vault, jobId) {
      // The vault as listed: one read of the job, no vault list (BackupService.readJob).
      return service.readJob({ jobId, vaultId: vault.id, region: vault.location });
    },
    vmOsType(job) {
      return service.vmOsType(job);
    },
    async listProtectedVms(vault) {
      const [vms, policies] = await Promise.all([vmsOf(vault), service.listPolicies(vault.id)]);
      const intervals = new Map(policies.map((p) => [p.name.toLowerCase(), intervalHours(p)]));
      return vms
        // A VM expected to get backups (stopped, paused or suspended ones are not stale), or whose state Azure did not say.
        .filter((vm) => takingBackups(vm.protection.state) || vm.protection.state === 'Unknown')
        .map((vm) => ({ ...toProtectedVmInfo(vm, vault), scheduleIntervalHours: intervals.get((vm.protection.policy ?? '').toLowerCase()) }));
    },
    async listPolicies(vault) {
      const [policies, vms] = await Promise.all([service.listPolicies(vault.id), vmsOf(vault)]);
      return policies.map((policy) => toPolicyInfo(policy, vault, vms));
    },
    async coverageVms() {
      return [...(await service.listVms())];
    },
    async updatePolicyRunTimes(vault, policyName, expectedRunTimes, newRunTimes, onAccepted) {
      service.invalidateCache();
      const current = await service.getPolicy(policyName, vault.id);
      if (current.runTimes.join() !== expectedRunTimes.join()) {
        throw new BackupError(
          'conflict',
          `Policy ${policyName} now runs at ${current.runTimes.join(', ')}, not ${expectedRunTimes.join(', ')} as when this change was requested, so it was not changed. Ask again from a fresh reminder or the dst command.`,
        );
      }
      const after = await service.updatePolicySchedule(vault.id, policyName, newRunTimes, { onAccepted });
      return toPolicyInfo(after, vault, await vmsOf(vault));
    },
    async resumePolicyUpdate(vault, policyName, operationId) {
      const after = await service.resumePolicyUpdate(vault.id, policyName, operationId);
      return toPolicyInfo(after, vault, await vmsOf(vault));
    },
    async currentPolicy(vault, policyName) {
      service.invalidateCache();
      try {
        return toPolicyInfo(await service.getPolicy(policyName, vault.id), vault, []);
      } catch (err) {
        // The vault has no such policy (any more): nothing to compare with.
        if (err instanceof BackupError && (err.code === 'not-found' || err.status === 404)) return undefined;
        throw err;
      }
    },
  };
}

/**
 * The last successful backup is the item's newest recovery point (lastRecoveryPoint): a failed
 * backup after a good one must not erase the good one. Without it, the last backup's time counts
 * only when that backup completed.
 */
function toProtectedVmInfo(vm: VmSummary, vault: VaultInfo): ProtectedVmInfo {
  const completed = ['completed', 'healthy'].includes((vm.protection.lastBackupStatus ?? '').toLowerCase());
  return {
    vm: vm.name,
    vaultId: vault.id,
    policy: vm.protection.policy,
    lastSuccessfulBackup: vm.protection.lastRecoveryPoint ?? (completed ? vm.protection.lastBackupTime : undefined),
  };
}

/** How often a policy runs, so a weekly VM is not called stale two days after its run. */
function intervalHours(policy: PolicyView): number | undefined {
  if (policy.frequency === 'Daily') return 24;
  if (policy.frequency === 'Weekly') return policy.runDays.length > 0 ? Math.ceil((7 / policy.runDays.length) * 24) : 168;
  if (policy.frequency === 'Hourly') return policy.hourly?.intervalHours;
  return undefined;
}

function toPolicyInfo(policy: PolicyView, vault: VaultInfo, vms: VmSummary[]): PolicyInfo {
  const covered = vms.filter((vm) => (vm.protection.policy ?? '').toLowerCase() === policy.name.toLowerCase()).map((vm) => vm.name);
  return {
    vault,
    name: policy.name,
    timeZone: policy.timeZone,
    runTimes: policy.frequency === 'Hourly' ? [] : policy.runTimes,
    frequency: policy.frequency,
    instantRestoreDays: policy.instantRestoreDays,
    vms: covered,
    nextDst: policy.nextDst,
  };
}
