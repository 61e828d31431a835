import type { BackupService } from '../../backup/backupService';
import type { PreflightCheck } from '../../backup/preflight';
import type { JobView } from '../../backup/views';
import type { Services } from '../../services';
import type { CheckResult } from '../types';
import type { ResourceRef } from '../resourceRef';
import type { ProtectionBackend, ProtectionJob } from './protectionBackend';

/** The backup service calls protection needs (kept narrow so tests and reviews see the whole surface). */
export type ProtectionCalls = Pick<BackupService, 'resolveVm' | 'getVmDetails' | 'listVaultRefs' | 'preflight' | 'listPolicies' | 'enableProtection'>;

/** Protection over the app's backup service. */
export function protectionBackendOf(services: Services): ProtectionBackend {
  return protectionBackendFrom(services.backup);
}

export function protectionBackendFrom(backup: ProtectionCalls): ProtectionBackend {
  return {
    async resolveVm(query) {
      const details = await backup.getVmDetails(await backup.resolveVm(query));
      return { id: details.id, name: details.name, resourceGroup: details.resourceGroup, subscriptionId: details.subscriptionId, location: details.region };
    },
    async existingProtection(vm) {
      const { protection } = await backup.getVmDetails(vmRefOf(vm));
      if (protection.state === 'NotProtected' || protection.vault === undefined) return undefined;
      return { vault: protection.vault, state: protection.state, ...(protection.policy ? { policy: protection.policy } : {}) };
    },
    async listVaults() {
      // Without their item counts: counting reads every vault's protected items.
      return (await backup.listVaultRefs()).map((v) => ({ id: v.id, name: v.name, resourceGroup: v.resourceGroup, subscriptionId: v.subscriptionId, location: v.region, redundancy: v.redundancyLabel }));
    },
    async preflight(vm, vault) {
      const result = await backup.preflight(vmRefOf(vm), vault?.id);
      return result.checks.map(checkOf);
    },
    async listPolicyNames(vault) {
      return (await backup.listPolicies(vault.id)).map((p) => p.name);
    },
    async enableProtection(vm, vault, policy): Promise<ProtectionJob> {
      return protectionJobOf(await backup.enableProtection(vmRefOf(vm), vault.id, policy));
    },
  };
}

function protectionJobOf(job: JobView): ProtectionJob {
  const error = job.errors[0];
  return {
    jobId: job.id,
    status: job.status,
    operation: job.operation,
    // A failed ConfigureBackup (e.g. UserErrorGuestAgentStatusUnavailable: the VM agent is not ready)
    // carries the code, Azure's message and the catalogue's remedy (or Azure's own recommendations).
    ...(error ? { error: `${error.code}: ${error.message}`, remedy: error.catalogue.action } : {}),
  };
}

function vmRefOf(vm: ResourceRef) {
  return { id: vm.id, name: vm.name, resourceGroup: vm.resourceGroup, subscriptionId: vm.subscriptionId };
}

function checkOf(check: PreflightCheck): CheckResult {
  return { id: check.id, name: check.title, status: check.status, detail: check.detail, ...(check.remedy ? { remedy: check.remedy } : {}) };
}
