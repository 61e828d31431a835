import { buildWorld } from '../../../src/sandbox/buildWorld';
import { loadEstate } from '../../../src/sandbox/estate/loadEstate';
import { generateEstate } from '../../../src/sandbox/generateEstate';

describe('large estate generator', () => {
  it('is deterministic by seed', () => {
    expect(JSON.stringify(generateEstate({ vms: 300, seed: 5 }))).toBe(JSON.stringify(generateEstate({ vms: 300, seed: 5 })));
    expect(JSON.stringify(generateEstate({ vms: 300, seed: 5 }))).not.toBe(JSON.stringify(generateEstate({ vms: 300, seed: 6 })));
  });

  it('spreads VMs over the vaults with a month of daily history and some failures', () => {
    const estate = generateEstate({ vms: 1000, vaults: 50, historyDays: 30, seed: 1, clockStart: '2025-06-01T12:00:00Z' });
    expect(estate.virtualMachines).toHaveLength(1000);
    expect(estate.vaults).toHaveLength(50);
    const world = buildWorld(loadEstate(estate), { seed: 1, start: new Date('2025-06-01T12:00:00Z'), pendingPolls: 1 });
    const items = [...world.vaults.values()].flatMap((vault) => [...vault.items.values()]);
    expect(items.length).toBeGreaterThan(700);
    expect(items.length).toBeLessThan(900);
    expect(items.every((item) => item.backupJobs.length === 30)).toBe(true);
    const outcomes = items.flatMap((item) => item.backupJobs.map((job) => job.plan.outcome));
    expect(outcomes.filter((outcome) => outcome === 'Failed').length).toBeGreaterThan(0);
    expect(outcomes.filter((outcome) => outcome === 'CompletedWithWarnings').length).toBeGreaterThan(0);
    const unprotected = [...world.vms.values()].filter((vm) => !world.protectedBy.has(vm.key));
    expect(unprotected.some((vm) => vm.agent.status === 'NotInstalled')).toBe(true);
    expect(unprotected.some((vm) => vm.os.name === 'CoreOS')).toBe(true);
  });
});
