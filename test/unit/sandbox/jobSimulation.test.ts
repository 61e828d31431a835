import { buildWorld } from '../../../src/sandbox/buildWorld';
import { loadEstate } from '../../../src/sandbox/estate/loadEstate';
import type { World } from '../../../src/sandbox/model/world';
import { MINUTE_MS } from '../../../src/sandbox/model/clock';
import { createBackupJob, intrinsicOutcome } from '../../../src/sandbox/sim/jobs';
import { jobStatusAt, viewItem, viewJob } from '../../../src/sandbox/sim/jobView';
import { pollOperation, settleOperations, startOperation } from '../../../src/sandbox/sim/operations';
import { Simulation } from '../../../src/sandbox/sim/simulation';
import { MINI_START, miniEstate } from '../../helpers/sandboxEstates';

function world(seed = 42): World {
  return buildWorld(loadEstate(miniEstate()), { seed, start: new Date(MINI_START), pendingPolls: 1 });
}

function vault(w: World) {
  return w.resolveVault('rsv-mini');
}

function item(w: World, vm: string) {
  return vault(w).items.get(w.resolveVm(vm).key)!;
}

const tasks = (_w: World, job: Parameters<typeof viewJob>[0], at: number) => viewJob(job, at).tasks.map((task) => `${task.taskId}:${task.status}`);

describe('job simulation', () => {
  it('builds the estate history at the policy fire times (22:00 W. Europe standard time = 21:00 UTC)', () => {
    const w = world();
    const jobs = item(w, 'vm-a').backupJobs;
    expect(jobs.map((job) => new Date(job.startMs).toISOString())).toEqual(['2025-03-07T21:00:00.000Z', '2025-03-08T21:00:00.000Z', '2025-03-09T21:00:00.000Z']);
    expect(jobs.every((job) => jobStatusAt(job, w.nowMs()) === 'Completed')).toBe(true);
    expect(vault(w).jobs.filter((job) => job.operation === 'ConfigureBackup')).toHaveLength(3);
  });

  it('follows the status matrix: warnings = snapshot done, transfer failed; failed = both failed', () => {
    const w = world();
    const now = w.nowMs();
    const warning = item(w, 'vm-b').backupJobs.at(-1)!;
    expect(viewJob(warning, now).status).toBe('CompletedWithWarnings');
    expect(tasks(w, warning, now)).toEqual(['Take Snapshot:Completed', 'Transfer data to vault:Failed']);
    expect(viewJob(warning, now).errorCode).toBe('CopyingVHDsFromBackUpVaultTakingLongTime');
    const failed = item(w, 'vm-c').backupJobs.at(-1)!;
    expect(viewJob(failed, now).status).toBe('Failed');
    expect(tasks(w, failed, now)).toEqual(['Take Snapshot:Failed', 'Transfer data to vault:Failed']);
    expect(viewItem(item(w, 'vm-c'), now)).toMatchObject({ lastBackupStatus: 'Failed', healthStatus: 'ActionRequired', protectionState: 'Protected' });
  });

  it('moves a backup through Take Snapshot then Transfer data to vault as time passes', () => {
    const w = world();
    const now = w.nowMs();
    const job = createBackupJob(w, vault(w), item(w, 'vm-a'), now, {});
    const snapshotEnd = job.plan.snapshot!.endMs;
    expect(snapshotEnd - now).toBeGreaterThanOrEqual(3 * MINUTE_MS);
    expect(snapshotEnd - now).toBeLessThanOrEqual(15 * MINUTE_MS);
    expect(viewJob(job, now).status).toBe('InProgress');
    expect(tasks(w, job, now)).toEqual(['Take Snapshot:InProgress', 'Transfer data to vault:NotStarted']);
    expect(tasks(w, job, snapshotEnd)).toEqual(['Take Snapshot:Completed', 'Transfer data to vault:InProgress']);
    expect(viewJob(job, snapshotEnd).status).toBe('InProgress');
    expect(job.plan.endMs - snapshotEnd).toBeGreaterThanOrEqual(20 * MINUTE_MS);
    expect(viewJob(job, job.plan.endMs).status).toBe('Completed');
    expect(tasks(w, job, job.plan.endMs)).toEqual(['Take Snapshot:Completed', 'Transfer data to vault:Completed']);
  });

  it('skips the transfer of a backup whose snapshot ends while the previous transfer still runs (job Completed)', () => {
    const w = world();
    const target = item(w, 'vm-a');
    const first = createBackupJob(w, vault(w), target, w.nowMs(), { forced: { status: 'InProgress' } });
    const secondStart = first.plan.snapshot!.endMs;
    const second = createBackupJob(w, vault(w), target, secondStart, {});
    expect(second.plan.transfer!.status).toBe('Skipped');
    const end = second.plan.endMs;
    expect(viewJob(second, end).status).toBe('Completed');
    expect(tasks(w, second, end)).toEqual(['Take Snapshot:Completed', 'Transfer data to vault:Skipped']);
    expect(viewJob(first, end).status).toBe('InProgress');
  });

  it('derives outcomes from the VM: no agent, CoreOS, too many unmanaged disks fail; a deallocated VM backs up', () => {
    const w = world();
    expect(intrinsicOutcome(w.resolveVm('vm-noagent'))).toEqual({ status: 'Failed', errorCode: 'UserErrorGuestAgentStatusUnavailable' });
    // Azure documents no code of its own for these two: the documented generic failure.
    expect(intrinsicOutcome(w.resolveVm('vm-core'))).toEqual({ status: 'Failed', errorCode: 'BackUpOperationFailed' });
    expect(intrinsicOutcome(w.resolveVm('vm-disks'))).toEqual({ status: 'Failed', errorCode: 'BackUpOperationFailed' });
    expect(intrinsicOutcome(w.resolveVm('vm-off'))).toBeUndefined();
    expect(intrinsicOutcome(w.resolveVm('vm-free'))).toBeUndefined();
  });

  it('applies an outcome set for a VM to its next backup only', () => {
    const w = world();
    const target = item(w, 'vm-a');
    w.nextOutcomes.set(target.vm.key, { status: 'Failed', errorCode: 'ExtensionFailedVssWriterInBadState' });
    const failing = createBackupJob(w, vault(w), target, w.nowMs(), {});
    expect(failing.plan).toMatchObject({ outcome: 'Failed', errorCode: 'ExtensionFailedVssWriterInBadState' });
    const next = createBackupJob(w, vault(w), target, failing.plan.endMs + MINUTE_MS, {});
    expect(next.plan.outcome).toBe('Completed');
  });

  it('is deterministic by seed', () => {
    const ids = (w: World) => vault(w).jobs.map((job) => `${job.id}@${job.plan.endMs}`);
    expect(ids(world(7))).toEqual(ids(world(7)));
    expect(ids(world(7))).not.toEqual(ids(world(8)));
  });

  it('fires schedules when the clock advances and runs a policy on demand', () => {
    const w = world();
    const sim = new Simulation(w);
    const before = vault(w).jobs.length;
    sim.advance(24 * 60);
    const fired = vault(w).jobs.slice(before);
    expect(fired.map((job) => `${job.entityFriendlyName}@${new Date(job.startMs).toISOString()}`).sort()).toEqual([
      'vm-a@2025-03-10T21:00:00.000Z',
      'vm-b@2025-03-10T21:00:00.000Z',
      'vm-c@2025-03-10T21:00:00.000Z',
    ]);
    expect(w.clock.now().toISOString()).toBe('2025-03-11T09:00:00.000Z');
    const manual = sim.runPolicy(vault(w), 'POL-NIGHTLY');
    expect(manual).toHaveLength(3);
    expect(manual.every((job) => job.startMs === w.nowMs())).toBe(true);
  });

  it('completes operations after the pending polls, or after their simulated duration', () => {
    const w = world();
    const polled = startOperation(w, vault(w), 'Backup', { pendingPolls: 1 });
    expect(pollOperation(w, polled)).toBe(false);
    expect(pollOperation(w, polled)).toBe(true);
    const timed = startOperation(w, vault(w), 'Backup', { pendingPolls: 5 });
    w.clock.moveTo(w.nowMs() + 31_000);
    settleOperations(w);
    expect(timed.completedMs).toBe(timed.doneAtMs);
    expect(pollOperation(w, timed)).toBe(true);
  });
});
