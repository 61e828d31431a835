import { classify, computeCoverage, coverageLine, filterVms } from '../../../src/backup/lifecycle/coverage';
import type { ProtectionView, VmSummary } from '../../../src/backup/views';

const NOW = new Date('2026-12-01T12:00:00Z');
const SUB_A = '6b1f3c2a-5d4e-4f8a-9b7c-1e2d3f4a5b6c';
const SUB_B = '9c8d7e6f-0000-4000-8000-000000000001';

function vm(name: string, protection: ProtectionView, region = 'westeurope', subscriptionId = SUB_A): VmSummary {
  return { name, resourceGroup: 'rg', subscriptionId, id: `/subscriptions/${subscriptionId}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/${name}`, region, protection };
}
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();

const estate = [
  vm('ok', { state: 'Protected', lastBackupTime: hoursAgo(10), lastBackupStatus: 'Completed' }),
  vm('old', { state: 'Protected', lastBackupTime: hoursAgo(100), lastBackupStatus: 'Completed' }),
  vm('older', { state: 'Protected', lastBackupTime: hoursAgo(200), lastBackupStatus: 'Completed' }),
  vm('broken', { state: 'Protected', lastBackupTime: hoursAgo(5), lastBackupStatus: 'Failed' }),
  vm('warned', { state: 'Protected', lastBackupTime: hoursAgo(5), lastBackupStatus: 'CompletedWithWarnings' }),
  vm('bare', { state: 'NotProtected' }, 'northeurope'),
  vm('halted', { state: 'ProtectionStopped', lastBackupTime: hoursAgo(300) }, 'westeurope', SUB_B),
  vm('fresh', { state: 'IRPending' }),
  vm('hidden', { state: 'Unknown' }),
];

describe('coverage', () => {
  it('puts each VM in one bucket', () => {
    expect(estate.map((v) => `${v.name}:${classify(v, NOW, 48).bucket}`)).toEqual([
      'ok:protected',
      'old:stale',
      'older:stale',
      'broken:failing',
      'warned:failing',
      'bare:unprotected',
      'halted:stopped',
      'fresh:pending',
      'hidden:unknown',
    ]);
  });

  it('counts per subscription and region, worst groups and offenders first, and says it in one digest line', () => {
    const coverage = computeCoverage(estate, NOW, 48);
    expect(coverage.total).toBe(9);
    expect(coverage.counts).toEqual({ failing: 2, unprotected: 1, stale: 2, stopped: 1, pending: 1, protected: 1, unknown: 1 });
    expect(coverage.groups.map((g) => `${g.region}:${g.total}`)).toEqual(['westeurope:7', 'northeurope:1', 'westeurope:1']);
    expect(coverage.offenders.map((o) => o.vm.name)).toEqual(['broken', 'warned', 'bare', 'older', 'old', 'halted']);
    expect(coverageLine(coverage.counts)).toBe('1 VM unprotected, 2 stale, 2 failing, 1 with protection stopped');
    expect(coverageLine(computeCoverage([estate[0]], NOW, 48).counts)).toBe('');
  });

  it('filters, refusing unknown regions and subscriptions with a specific sentence', () => {
    expect(filterVms(estate, { region: 'North Europe' }).map((v) => v.name)).toEqual(['bare']);
    expect(filterVms(estate, { subscription: '9c8d' }).map((v) => v.name)).toEqual(['halted']);
    expect(() => filterVms(estate, { region: 'westeuorpe' })).toThrow('Did you mean westeurope?');
    expect(() => filterVms(estate, { subscription: 'prod' })).toThrow('is not a subscription id');
    expect(() => filterVms(estate, { subscription: 'ffff' })).toThrow('no VM in subscription ffff');
  });
});
