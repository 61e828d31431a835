import {
  containerName,
  parseArmId,
  parseBackupItemName,
  parseVaultId,
  parseVmId,
  policyNameProblem,
  protectedItemName,
  resourceGroupNameProblem,
  sameArmId,
  vaultId,
  vaultNameProblem,
  vmId,
  vmNameProblem,
  assertValid,
} from '../../../src/backup/armIds';
import { InvalidInputError } from '../../../src/backup/backupError';

const SUB = '00000000-0000-0000-0000-000000000001';

describe('ARM ids', () => {
  it('builds and parses VM ids', () => {
    const id = vmId({ subscriptionId: SUB, resourceGroup: 'rg-app', name: 'vm-web-01' });
    expect(id).toBe(`/subscriptions/${SUB}/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/vm-web-01`);
    expect(parseVmId(id)).toEqual({ subscriptionId: SUB, resourceGroup: 'rg-app', name: 'vm-web-01' });
  });

  it('parses ids case-insensitively and decodes %3B', () => {
    const id = `/Subscriptions/${SUB}/RESOURCEGROUPS/rg/PROVIDERS/microsoft.compute/VIRTUALMACHINES/vm1`;
    expect(parseVmId(id)?.name).toBe('vm1');
    const job = `/Subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/rsv-weu/backupJobs/abc%3Bdef`;
    const parsed = parseArmId(job);
    expect(parsed?.children).toEqual([['backupJobs', 'abc;def']]);
    expect(parseVaultId(job)).toEqual({ subscriptionId: SUB, resourceGroup: 'rg', name: 'rsv-weu' });
  });

  it('refuses what is not an ARM id of the right type', () => {
    expect(parseArmId('vm1')).toBeUndefined();
    expect(parseArmId(`/subscriptions/${SUB}/resourceGroups/rg`)).toBeUndefined();
    expect(parseVmId(vaultId({ subscriptionId: SUB, resourceGroup: 'rg', name: 'v' }))).toBeUndefined();
    expect(parseVaultId(vmId({ subscriptionId: SUB, resourceGroup: 'rg', name: 'v' }))).toBeUndefined();
    expect(parseArmId(`/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm/extensions`)).toBeUndefined();
  });

  it('compares ids ignoring case and trailing slashes', () => {
    expect(sameArmId('/subscriptions/A/resourceGroups/B/', '/SUBSCRIPTIONS/a/resourcegroups/b')).toBe(true);
    expect(sameArmId('/subscriptions/A', undefined)).toBe(false);
  });

  it('names the container and protected item of a VM and reads them back', () => {
    expect(containerName('rg-app', 'vm1')).toBe('iaasvmcontainer;iaasvmcontainerv2;rg-app;vm1');
    expect(protectedItemName('rg-app', 'vm1')).toBe('vm;iaasvmcontainerv2;rg-app;vm1');
    expect(parseBackupItemName('VM;iaasvmcontainerv2;rg-app;vm1')).toEqual({ resourceGroup: 'rg-app', vmName: 'vm1' });
    expect(parseBackupItemName('iaasvmcontainerv2;rg-app;vm1')).toEqual({ resourceGroup: 'rg-app', vmName: 'vm1' });
    expect(parseBackupItemName('nonsense')).toBeUndefined();
    expect(parseBackupItemName('a;b')).toBeUndefined();
  });
});

describe('name rules', () => {
  it.each(['ab', 'rsv-weu-01', 'A'.repeat(50)])('accepts vault name %s', (name) => {
    expect(vaultNameProblem(name)).toBeUndefined();
  });

  it.each(['a', '1vault', 'vault_1', 'vault.1', 'A'.repeat(51), 'vault name', ''])('refuses vault name %p with the rule', (name) => {
    expect(vaultNameProblem(name)).toMatch(/2 to 50 characters, start with a letter/);
  });

  it.each(['vm1', 'web_01', 'app.server-2', '1vm'])('accepts VM name %s', (name) => expect(vmNameProblem(name)).toBeUndefined());
  it.each(['_vm', 'vm-', 'vm.', 'vm 1', 'vm;drop', 'a'.repeat(65), ''])('refuses VM name %p', (name) => expect(vmNameProblem(name)).toBeDefined());

  it.each(['rg', 'rg-app_(prod).1', 'ressources-équipe'])('accepts resource group %s', (name) => expect(resourceGroupNameProblem(name)).toBeUndefined());
  it.each(['rg.', 'rg/x', 'r'.repeat(91), ''])('refuses resource group %p', (name) => expect(resourceGroupNameProblem(name)).toBeDefined());

  it('checks policy names', () => {
    expect(policyNameProblem('DefaultPolicy')).toBeUndefined();
    expect(policyNameProblem('daily-2200')).toBeUndefined();
    expect(policyNameProblem('bad/name')).toBeDefined();
  });

  it('assertValid throws an InvalidInputError with the sentence', () => {
    expect(() => assertValid(vaultNameProblem('x'))).toThrow(InvalidInputError);
    expect(() => assertValid(undefined)).not.toThrow();
  });
});
