import { regionalOf, resourceRefOf } from '../../../src/approvals/resourceRef';

describe('region <-> location, in one place', () => {
  const vault = {
    id: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-weu/providers/Microsoft.RecoveryServices/vaults/rsv-weu-prod',
    name: 'rsv-weu-prod',
    resourceGroup: 'rg-weu',
    subscriptionId: '00000000-0000-0000-0000-000000000001',
    region: 'westeurope',
    redundancyLabel: 'GRS',
    protectedItemCount: 12,
  };

  it('stores a view as a request remembers it: the five fields only, region as location', () => {
    expect(resourceRefOf(vault)).toEqual({ id: vault.id, name: 'rsv-weu-prod', resourceGroup: 'rg-weu', subscriptionId: vault.subscriptionId, location: 'westeurope' });
  });

  it('hands a stored ref back as the backup calls take it', () => {
    expect(regionalOf(resourceRefOf(vault))).toEqual({ id: vault.id, name: 'rsv-weu-prod', resourceGroup: 'rg-weu', subscriptionId: vault.subscriptionId, region: 'westeurope' });
  });
});
