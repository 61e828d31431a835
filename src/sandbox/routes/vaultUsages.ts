import { ok } from '../http/arm';
import type { Router } from '../http/router';
import type { VaultState } from '../model/types';
import { jobStatusAt } from '../sim/jobView';
import { requireVault, type RouteContext } from './context';

// GET vaults/{name}/usages: what the portal's "Usage" tile shows. No recording has it; the shape is
// the published example (test/fixtures/arm-examples/Vaults/ListUsages.json): counts, and storage in
// bytes under the vault's redundancy ({GRS|LRS}StorageUsage). The byte figure is the sandbox's own
// model (src/sandbox/README.md): per item with a vault-tier recovery point, a third of its disks
// for the first full copy, plus 2 % of that per further recovery point.

const VAULT = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.RecoveryServices/vaults/{vaultName}';
const GIB = 1024 ** 3;
const OS_DISK_GB = 128;
const DAY_MS = 86_400_000;

export function addVaultUsageRoutes(router: Router<RouteContext>): void {
  router.add('GET', `${VAULT}/usages`, (_request, params, context) => {
    const vault = requireVault(context, params);
    return ok({ value: usagesOf(vault, context.world.nowMs()) });
  });
}

function usagesOf(vault: VaultState, nowMs: number): Array<Record<string, unknown>> {
  const items = [...vault.items.values()];
  const jobs = vault.jobs.filter((job) => job.startMs >= nowMs - DAY_MS && job.startMs <= nowMs);
  const count = (value: string, localizedValue: string, currentValue: number, quotaPeriod?: string) => ({
    unit: 'Count',
    ...(quotaPeriod ? { quotaPeriod } : {}),
    currentValue,
    limit: -1,
    name: { value, localizedValue },
  });
  const bytes = (value: string, localizedValue: string, currentValue: number) => ({ unit: 'Bytes', currentValue, limit: -1, name: { value, localizedValue } });
  const stored = storedBytes(vault, nowMs);
  const geo = vault.redundancy === 'GeoRedundant';
  return [
    count('ProtectedItemCount', 'Backup items/Azure virtual machine backup', items.length),
    count('IaaSVMProtectedItemCount', 'Azure Virtual Machines', items.length),
    count('InProgressJobsCount', 'In progress', jobs.filter((job) => jobStatusAt(job, nowMs) === 'InProgress').length, 'P1D'),
    count('FailedJobsCount', 'Failed', jobs.filter((job) => jobStatusAt(job, nowMs) === 'Failed').length, 'P1D'),
    bytes('GRSStorageUsage', 'Cloud - GRS', geo ? stored : 0),
    bytes('LRSStorageUsage', 'Cloud - LRS', geo ? 0 : stored),
  ];
}

function storedBytes(vault: VaultState, nowMs: number): number {
  let total = 0;
  for (const item of vault.items.values()) {
    const points = item.backupJobs.filter((job) => job.plan.transfer?.status === 'Completed' && job.plan.transfer.endMs <= nowMs).length;
    if (points === 0) continue;
    const diskBytes = (OS_DISK_GB + item.vm.disks.data * item.vm.disks.dataDiskSizeGB) * GIB;
    total += Math.round((diskBytes / 3) * (1 + 0.02 * (points - 1)));
  }
  return total;
}
