import { buildWorld } from '../../../src/sandbox/buildWorld';
import { loadEstate } from '../../../src/sandbox/estate/loadEstate';
import type { World } from '../../../src/sandbox/model/world';
import { recoveryPointExists, recoveryPointJson } from '../../../src/sandbox/render/recoveryPoint';
import { cancelJob, CANCELLATION_MS } from '../../../src/sandbox/sim/cancellation';
import { DAY_MS, MINUTE_MS } from '../../../src/sandbox/model/clock';
import { createBackupJob } from '../../../src/sandbox/sim/jobs';
import { jobStatusAt, viewJob } from '../../../src/sandbox/sim/jobView';
import { iso } from '../../../src/sandbox/model/time';
import { settleOperations } from '../../../src/sandbox/sim/operations';
import { deleteBackupData, softDeleteFields, undelete } from '../../../src/sandbox/sim/softDelete';
import { MINI_START, miniEstate } from '../../helpers/sandboxEstates';

function world(): World {
  return buildWorld(loadEstate(miniEstate()), { seed: 7, start: new Date(MINI_START), pendingPolls: 1 });
}

function itemOf(w: World, vm: string) {
  const vault = w.resolveVault('rsv-mini');
  return { vault, item: vault.items.get(w.resolveVm(vm).key)! };
}

describe('sandbox job cancellation (recording CJ:9)', () => {
  it('reads Cancelling with every task Cancelling, then Cancelled; a finished snapshot stays Completed', () => {
    const w = world();
    const { vault, item } = itemOf(w, 'vm-a');
    const start = w.nowMs();
    const job = createBackupJob(w, vault, item, start, { onDemand: true });
    const during = job.plan.snapshot!.endMs + MINUTE_MS;
    cancelJob(job, during);
    expect(jobStatusAt(job, during)).toBe('Cancelling');
    expect(viewJob(job, during).tasks.map((t) => t.status)).toEqual(['Cancelling', 'Cancelling']);
    const after = during + CANCELLATION_MS;
    expect(jobStatusAt(job, after)).toBe('Cancelled');
    expect(viewJob(job, after)).toMatchObject({ status: 'Cancelled', endMs: after });
    expect(viewJob(job, after).tasks.map((t) => t.status)).toEqual(['Completed', 'Cancelled']);
    // Duration frozen at the cancel request.
    expect(viewJob(job, after + DAY_MS).durationMs).toBe(during - start);
  });

  it('cancelled during the snapshot: both tasks end Cancelled', () => {
    const w = world();
    const { vault, item } = itemOf(w, 'vm-a');
    const job = createBackupJob(w, vault, item, w.nowMs(), { onDemand: true });
    cancelJob(job, w.nowMs() + 1000);
    expect(viewJob(job, w.nowMs() + DAY_MS).tasks.map((t) => t.status)).toEqual(['Cancelled', 'Cancelled']);
  });
});

describe('sandbox recovery points', () => {
  it('a fresh point has both tiers and the policy expiry; the snapshot tier goes after the instant-restore days', () => {
    const w = world();
    const { vault, item } = itemOf(w, 'vm-a');
    const job = item.backupJobs.at(-1)!;
    const now = job.plan.endMs;
    const fresh = recoveryPointJson(vault, item, job, now) as { properties: { recoveryPointTierDetails: Array<{ type: string }>; recoveryPointProperties: { expiryTime?: string } } };
    expect(fresh.properties.recoveryPointTierDetails.map((t) => t.type)).toEqual(['InstantRP', 'HardenedRP']);
    expect(Date.parse(fresh.properties.recoveryPointProperties.expiryTime!)).toBeGreaterThan(job.plan.snapshot!.endMs + 6 * DAY_MS);
    const later = recoveryPointJson(vault, item, job, now + 10 * DAY_MS) as typeof fresh;
    expect(later.properties.recoveryPointTierDetails.map((t) => t.type)).toEqual(['HardenedRP']);
  });

  it('a snapshot-only point (warning job) disappears with its snapshot', () => {
    const w = world();
    const { vault, item } = itemOf(w, 'vm-b');
    const warning = item.backupJobs.at(-1)!;
    expect(warning.plan.outcome).toBe('CompletedWithWarnings');
    expect(recoveryPointExists(vault, item, warning, warning.plan.endMs)).toBe(true);
    expect(recoveryPointExists(vault, item, warning, warning.plan.snapshot!.endMs + 40 * DAY_MS)).toBe(false);
  });
});

describe('sandbox soft delete (test_backup_softdelete)', () => {
  it('soft delete on: the item stays stopped and scheduled for deletion, counts down, undeletes, or is purged after the retention', () => {
    const w = world();
    const { vault, item } = itemOf(w, 'vm-a');
    const now = w.nowMs();
    deleteBackupData(w, vault, item, now);
    expect(item.protectionState).toBe('ProtectionStopped');
    expect(softDeleteFields(vault, item, now + 1000)).toEqual({
      isScheduledForDeferredDelete: true,
      deferredDeleteTimeInUTC: iso(now),
      deferredDeleteTimeRemaining: '13.23:59:59.0000000',
      softDeleteRetentionPeriodInDays: 14,
    });
    expect(undelete(w, vault, item)).toMatch(/^[0-9a-f-]{36}$/);
    expect(softDeleteFields(vault, item, now)).toEqual({});
    // An undeleted item is not purged when the old deadline passes.
    w.clock.moveTo(w.nowMs() + 15 * DAY_MS);
    settleOperations(w);
    expect(vault.items.has(item.vm.key)).toBe(true);

    deleteBackupData(w, vault, item, w.nowMs());
    w.clock.moveTo(w.nowMs() + 14 * DAY_MS + 1);
    settleOperations(w);
    expect(vault.items.has(item.vm.key)).toBe(false);
  });

  it('soft delete off: the delete is final', () => {
    const w = world();
    const { vault, item } = itemOf(w, 'vm-a');
    vault.extraProperties.securitySettings = { softDeleteSettings: { softDeleteState: 'Disabled' } };
    deleteBackupData(w, vault, item, w.nowMs());
    expect(vault.items.has(item.vm.key)).toBe(false);
    expect(w.protectedBy.has(item.vm.key)).toBe(false);
  });
});
