import type { VirtualMachine } from '@azure/arm-compute';
import type { Vault } from '@azure/arm-recoveryservices';
import type { ProtectedItemResource } from '@azure/arm-recoveryservicesbackup';
import { toProtectedVm } from '../../../src/backup/protectionView';
import { toVaultView } from '../../../src/backup/vaultView';
import { powerStateOf, toPreflightVm, toVmDetails } from '../../../src/backup/vmView';

const SUB = '00000000-0000-0000-0000-000000000000';
const VAULT_ID = `/subscriptions/${SUB}/resourceGroups/rg-backup/providers/Microsoft.RecoveryServices/vaults/rsv-weu`;

describe('vault view', () => {
  it('maps the published GETVault shape (redundancy settings) and defaults what is missing', () => {
    const vault = { id: VAULT_ID, name: 'rsv-weu', location: 'westeurope', properties: { redundancySettings: { standardTierStorageRedundancy: 'GeoRedundant', crossRegionRestore: 'Enabled' } } } as Vault;
    expect(toVaultView(vault, 4)).toEqual({ name: 'rsv-weu', id: VAULT_ID, subscriptionId: SUB, resourceGroup: 'rg-backup', region: 'westeurope', redundancy: 'GRS', redundancyLabel: 'Geo-redundant (GRS)', crossRegionRestore: true, protectedItemCount: 4 });
    expect(toVaultView({ ...vault, properties: {} } as Vault, 0)).toMatchObject({ redundancy: 'Unknown', crossRegionRestore: false });
  });
});

describe('protected item view', () => {
  const vault = { name: 'rsv-weu', id: VAULT_ID, subscriptionId: SUB, resourceGroup: 'rg-backup', region: 'westeurope', redundancy: 'GRS' as const, redundancyLabel: '', crossRegionRestore: false, protectedItemCount: 0 };
  it('reads container and item names from the item id and the state, policy and last backup', () => {
    const item = {
      id: `${VAULT_ID}/backupFabrics/Azure/protectionContainers/IaasVMContainer;iaasvmcontainerv2;rg-web;vm1/protectedItems/VM;iaasvmcontainerv2;rg-web;vm1`,
      name: 'VM;iaasvmcontainerv2;rg-web;vm1',
      properties: {
        protectedItemType: 'Microsoft.Compute/virtualMachines',
        virtualMachineId: `/subscriptions/${SUB}/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/vm1`,
        protectionState: 'Protected',
        healthStatus: 'Passed',
        lastBackupStatus: 'Completed',
        lastBackupTime: new Date('2018-01-22T12:25:32.048Z'),
        policyId: `${VAULT_ID}/backupPolicies/nightly`,
      },
    } as unknown as ProtectedItemResource;
    const view = toProtectedVm(item, vault)!;
    expect(view.containerName).toBe('IaasVMContainer;iaasvmcontainerv2;rg-web;vm1');
    expect(view.itemName).toBe('VM;iaasvmcontainerv2;rg-web;vm1');
    expect(view.vmKey).toBe(`/subscriptions/${SUB}/resourcegroups/rg-web/providers/microsoft.compute/virtualmachines/vm1`);
    expect(view.view).toMatchObject({ state: 'Protected', policy: 'nightly', lastBackupTime: '2018-01-22T12:25:32.048Z', health: 'Passed', vault: 'rsv-weu' });
    expect(toProtectedVm({ properties: { protectedItemType: 'AzureIaaSVMProtectedItem' } } as ProtectedItemResource, vault)).toBeUndefined();
  });
});

describe('VM view', () => {
  const base = (overrides: Partial<VirtualMachine> = {}): VirtualMachine =>
    ({
      id: `/subscriptions/${SUB}/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/vm1`,
      name: 'vm1',
      location: 'westeurope',
      provisioningState: 'Succeeded',
      hardwareProfile: { vmSize: 'Standard_D2s_v5' },
      storageProfile: {
        imageReference: { publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2022-datacenter', version: 'latest' },
        osDisk: { osType: 'Windows', createOption: 'FromImage', managedDisk: { id: 'x' } },
        dataDisks: [{ lun: 0, createOption: 'Empty', managedDisk: { id: 'y' } }],
      },
      osProfile: { windowsConfiguration: { provisionVMAgent: true } },
      instanceView: {
        osName: 'Windows Server 2022 Datacenter',
        vmAgent: { vmAgentVersion: '2.7.41491.1102', statuses: [{ displayStatus: 'Ready' }] },
        statuses: [{ code: 'ProvisioningState/succeeded' }, { code: 'PowerState/running' }],
      },
      ...overrides,
    }) as VirtualMachine;
  const protection = { state: 'NotProtected' as const };

  it('reads OS, agent, power state and disks', () => {
    const details = toVmDetails(base(), protection);
    expect(details).toMatchObject({ name: 'vm1', resourceGroup: 'rg-web', osType: 'Windows', powerState: 'running', agent: { status: 'Ready', version: '2.7.41491.1102' }, disks: { managed: true, dataDiskCount: 1 }, size: 'Standard_D2s_v5' });
    expect(toPreflightVm(details)).toMatchObject({ protectedBy: undefined, osName: 'Windows Server 2022 Datacenter' });
  });

  it('tells a missing agent from a stopped VM', () => {
    const noAgent = base({ osProfile: { windowsConfiguration: { provisionVMAgent: false } }, instanceView: { statuses: [{ code: 'PowerState/running' }], vmAgent: { vmAgentVersion: 'Unknown', statuses: [{ displayStatus: 'Not Ready' }] } } });
    expect(toVmDetails(noAgent, protection).agent).toEqual({ status: 'NotInstalled' });
    const stopped = base({ instanceView: { statuses: [{ code: 'PowerState/deallocated' }] } });
    expect(toVmDetails(stopped, protection)).toMatchObject({ powerState: 'deallocated', agent: { status: 'Unknown' } });
    const notReady = base({ instanceView: { statuses: [{ code: 'PowerState/running' }], vmAgent: { vmAgentVersion: '2.7.1', statuses: [{ displayStatus: 'Not Ready' }] } } });
    expect(toVmDetails(notReady, protection).agent).toEqual({ status: 'NotReady', version: '2.7.1' });
    expect(powerStateOf(base({ instanceView: undefined }))).toBe('unknown');
  });

  it('recognises unmanaged (VHD) disks', () => {
    const unmanaged = base({ storageProfile: { osDisk: { osType: 'Windows', createOption: 'FromImage', vhd: { uri: 'https://a.blob.core.windows.net/vhds/os.vhd' } }, dataDisks: [] } });
    expect(toVmDetails(unmanaged, protection).disks).toEqual({ managed: false, dataDiskCount: 0 });
  });

  it('passes the protecting vault to preflight', () => {
    const details = toVmDetails(base(), { state: 'Protected', vault: 'rsv-weu', vaultId: VAULT_ID, policy: 'nightly' });
    expect(toPreflightVm(details).protectedBy).toEqual({ vaultName: 'rsv-weu', vaultId: VAULT_ID, policyName: 'nightly' });
  });
});
