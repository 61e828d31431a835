import { toPointView } from '../../../src/backup/lifecycle/recoveryPoints';
import { portalUrl, vmBackupUrl } from '../../../src/backup/portalLinks';

describe('recovery point view', () => {
  const base = { objectType: 'IaasVMRecoveryPoint' as const, recoveryPointTime: new Date('2022-05-16T14:28:28.4924409Z'), recoveryPointType: 'AppConsistent' };

  it('reads the tiers of the recorded shape (scenario:120): InstantRP + HardenedRP = both', () => {
    const view = toPointView('82205145611446', { ...base, recoveryPointTierDetails: [{ type: 'InstantRP', status: 'Valid' }, { type: 'HardenedRP', status: 'Valid' }] });
    expect(view).toEqual({ id: '82205145611446', time: '2022-05-16T14:28:28.492Z', tier: 'both', consistency: 'AppConsistent' });
  });

  it('snapshot only, vault only, invalid tiers ignored, expiry kept', () => {
    expect(toPointView('1', { ...base, recoveryPointTierDetails: [{ type: 'InstantRP', status: 'Valid' }] })?.tier).toBe('snapshot');
    expect(toPointView('1', { ...base, recoveryPointTierDetails: [{ type: 'InstantRP', status: 'Deleted' }, { type: 'HardenedRP', status: 'Valid' }] })?.tier).toBe('vault');
    expect(toPointView('1', { ...base, recoveryPointProperties: { expiryTime: '2022-06-15T00:00:00Z' } })).toMatchObject({ tier: 'vault', expiry: '2022-06-15T00:00:00.000Z' });
  });

  it('a point without a time is left out', () => {
    expect(toPointView('1', { objectType: 'IaasVMRecoveryPoint' })).toBeUndefined();
    expect(toPointView('1', undefined)).toBeUndefined();
  });
});

describe('portal links', () => {
  it('open the object by ARM id, with the blade', () => {
    const vm = '/subscriptions/s1/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/vm-web-01';
    expect(vmBackupUrl(vm)).toBe(`https://portal.azure.com/#resource${vm}/backup`);
    expect(portalUrl(vm.slice(1))).toBe(`https://portal.azure.com/#resource${vm}/overview`);
  });
});
