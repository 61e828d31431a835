import type { AzureIaaSVMJob, AzureIaaSVMProtectedItem, OperationStatusJobExtendedInfo } from '@azure/arm-recoveryservicesbackup';
import { startSandbox, type SandboxHandle } from '../../../src/sandbox';
import { createSandboxClients, type SandboxClients } from '../../helpers/sandboxClients';

// The bot's calls, through the real SDK clients over HTTPS, against the default estate.

const SUBSCRIPTION = '6b1f3c2a-5d4e-4f8a-9b7c-1e2d3f4a5b6c';
const VAULT = 'rsv-weu-prod';
const VAULT_RG = 'rg-backup-weu';
const FABRIC = 'Azure';
const container = (rg: string, vm: string) => `IaasVMContainer;iaasvmcontainerv2;${rg};${vm}`;
const item = (rg: string, vm: string) => `VM;iaasvmcontainerv2;${rg};${vm}`;
const vmId = (rg: string, vm: string) => `/subscriptions/${SUBSCRIPTION}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${vm}`;
const policyId = (vault: string, rg: string, policy: string) => `/subscriptions/${SUBSCRIPTION}/resourceGroups/${rg}/providers/Microsoft.RecoveryServices/vaults/${vault}/backupPolicies/${policy}`;

let sandbox: SandboxHandle;
let clients: SandboxClients;

beforeAll(async () => {
  sandbox = await startSandbox({ startTime: '2025-03-10T09:00:00Z' });
  clients = createSandboxClients(sandbox, SUBSCRIPTION);
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(() => sandbox.control.reset());

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const value of iterable) items.push(value);
  return items;
}

/** The operation id at the end of a Location / Azure-AsyncOperation URL. */
function operationIdOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.split('/').pop()!);
}

async function jobIdOfOperation(vault: string, rg: string, operationId: string): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const status = await clients.backup.backupOperationStatuses.get(vault, rg, operationId);
    if (status.status === 'Succeeded') return (status.properties as OperationStatusJobExtendedInfo).jobId!;
    expect(status.status).toBe('InProgress');
  }
  throw new Error('operation never finished');
}

async function protect(vault: string, rg: string, vmRg: string, vm: string, policy: string): Promise<Record<string, string>> {
  let headers: Record<string, string> = {};
  await clients.backup.protectedItems.createOrUpdate(
    vault,
    rg,
    FABRIC,
    container(vmRg, vm),
    item(vmRg, vm),
    { properties: { protectedItemType: 'Microsoft.Compute/virtualMachines', sourceResourceId: vmId(vmRg, vm), policyId: policyId(vault, rg, policy) } as AzureIaaSVMProtectedItem },
    { onResponse: (response) => (headers = { status: String(response.status), ...response.headers.toJSON() }) },
  );
  return headers;
}

async function triggerBackup(vmRg: string, vm: string, expiry = new Date('2025-04-10T00:00:00Z')): Promise<string> {
  let asyncUrl = '';
  await clients.backup.backups.trigger(
    VAULT,
    VAULT_RG,
    FABRIC,
    container(vmRg, vm),
    item(vmRg, vm),
    { properties: { objectType: 'IaasVMBackupRequest', recoveryPointExpiryTimeInUTC: expiry } },
    { onResponse: (response) => (asyncUrl = response.headers.get('azure-asyncoperation') ?? '') },
  );
  return jobIdOfOperation(VAULT, VAULT_RG, operationIdOf(asyncUrl));
}

async function job(jobId: string, vault = VAULT, rg = VAULT_RG): Promise<AzureIaaSVMJob> {
  return (await clients.backup.jobDetails.get(vault, rg, jobId)).properties as AzureIaaSVMJob;
}

describe('sandbox through the real SDK clients', () => {
  it('lists subscriptions, vaults (by subscription and resource group) and reads a vault and its storage config', async () => {
    const subscriptions = await collect(clients.subscriptions.subscriptions.list());
    expect(subscriptions.map((s) => s.displayName)).toEqual(['Contoso Production', 'Contoso Dev/Test']);
    const vaults = await collect(clients.vaults.vaults.listBySubscriptionId());
    expect(vaults.map((v) => `${v.name}@${v.location}`)).toEqual(['rsv-weu-prod@westeurope', 'rsv-weu-dev@westeurope', 'rsv-neu-prod@northeurope', 'rsv-eus-prod@eastus']);
    expect((await collect(clients.vaults.vaults.listByResourceGroup('rg-backup-eus'))).map((v) => v.name)).toEqual(['rsv-eus-prod']);
    const vault = await clients.vaults.vaults.get('rg-backup-eus', 'rsv-eus-prod');
    expect(vault.properties?.redundancySettings?.standardTierStorageRedundancy).toBe('ZoneRedundant');
    const storage = await clients.backup.backupResourceStorageConfigsNonCRR.get('rsv-eus-prod', 'rg-backup-eus');
    expect(storage.properties).toMatchObject({ storageType: 'ZoneRedundant', storageTypeState: 'Locked' });
  });

  it('refuses to change the redundancy of a vault with protected items', async () => {
    await expect(
      clients.backup.backupResourceStorageConfigsNonCRR.update('rsv-eus-prod', 'rg-backup-eus', { properties: { storageType: 'LocallyRedundant' } }),
    ).rejects.toMatchObject({ statusCode: 400, code: 'BMSUserErrorStorageTypeLocked' });
    const devClients = createSandboxClients(sandbox, '9c8d7e6f-1a2b-4c3d-8e4f-5a6b7c8d9e0f');
    await expect(devClients.backup.backupResourceStorageConfigsNonCRR.get('rsv-test-weu', 'rg-test')).resolves.toMatchObject({ properties: { storageType: 'LocallyRedundant', storageTypeState: 'Locked' } });
  });

  it('reads VMs with their instance view: region, power state, OS, agent, disks', async () => {
    const noAgent = await clients.compute.virtualMachines.get('rg-legacy', 'vm-noagent-01', { expand: 'instanceView' });
    expect(noAgent.location).toBe('westeurope');
    expect(noAgent.osProfile?.windowsConfiguration?.provisionVMAgent).toBe(false);
    expect(noAgent.instanceView?.vmAgent?.statuses?.[0]?.displayStatus).toBe('Not Ready');
    const disks = await clients.compute.virtualMachines.get('rg-legacy', 'vm-disks-01', { expand: 'instanceView' });
    expect(disks.storageProfile?.dataDisks).toHaveLength(17);
    expect(disks.storageProfile?.dataDisks?.every((disk) => disk.vhd?.uri && !disk.managedDisk)).toBe(true);
    const stopped = await clients.compute.virtualMachines.instanceView('rg-web', 'vm-stopped-01');
    expect(stopped.statuses?.map((s) => s.code)).toContain('PowerState/deallocated');
    const core = await clients.compute.virtualMachines.get('rg-core', 'vm-core-01', { expand: 'instanceView' });
    expect(core.instanceView?.osName).toBe('CoreOS');
    expect(core.storageProfile?.osDisk?.osType).toBe('Linux');
    const web = await clients.compute.virtualMachines.get('rg-web', 'vm-web-01', { expand: 'instanceView' });
    expect(web.instanceView?.vmAgent?.vmAgentVersion).toBe('2.7.41491.1102');
    expect(web.instanceView?.statuses?.map((s) => s.code)).toContain('PowerState/running');
    const inGroup = await collect(clients.compute.virtualMachines.list('rg-files-dr'));
    expect(inGroup.map((vm) => vm.name)).toEqual(['vm-files-01']);
    await expect(clients.compute.virtualMachines.get('rg-web', 'vm-missing')).rejects.toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
  });

  it('discovers a new VM as protectable only after a container refresh (202, then 202/204 operation results)', async () => {
    const names = async () => (await collect(clients.backup.backupProtectableItems.list(VAULT, VAULT_RG, { filter: "backupManagementType eq 'AzureIaasVM'" }))).map((p) => p.properties?.friendlyName);
    const before = await names();
    expect(before).toContain('vm-web-03');
    // friendlyName is one of the list's query fields (BMSPOQueryObject): the one VM, one page.
    const one = await collect(clients.backup.backupProtectableItems.list(VAULT, VAULT_RG, { filter: "backupManagementType eq 'AzureIaasVM' and friendlyName eq 'vm-web-03'" }));
    expect(one.map((p) => p.name)).toEqual(['iaasvmcontainerv2;rg-web;vm-web-03']);
    expect(await collect(clients.backup.backupProtectableItems.list(VAULT, VAULT_RG, { filter: "backupManagementType eq 'AzureIaasVM' and friendlyName eq 'vm-new-01'" }))).toEqual([]);
    expect(before).not.toContain('vm-new-01');
    expect(before).not.toContain('vm-app-01'); // protected by rsv-weu-dev
    expect(before).not.toContain('vm-neu-app-01'); // another region
    let location = '';
    await clients.backup.protectionContainers.refresh(VAULT, VAULT_RG, FABRIC, { onResponse: (response) => (location = response.headers.get('location') ?? '') });
    expect(location).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/subscriptions\/.+\/backupFabrics\/Azure\/operationResults\/.+\?api-version=/);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 3 && !statuses.includes(204); attempt++) {
      await clients.backup.protectionContainerRefreshOperationResults.get(VAULT, VAULT_RG, FABRIC, operationIdOf(location), {
        onResponse: (response) => statuses.push(response.status),
      });
    }
    expect(statuses).toEqual([202, 204]);
    expect(await names()).toContain('vm-new-01');
  });

  it('enables protection: 202 with Location and Azure-AsyncOperation -> operation status -> jobId -> ConfigureBackup job', async () => {
    const headers = await protect(VAULT, VAULT_RG, 'rg-web', 'vm-web-03', 'pol-weu-nightly');
    expect(headers.status).toBe('202');
    expect(headers.location).toContain('/operationResults/');
    expect(headers['azure-asyncoperation']).toContain('/operationsStatus/');
    expect(headers['retry-after']).toBe('60'); // as Azure sends it (Redo:13)
    const operationId = operationIdOf(headers['azure-asyncoperation']);
    const first = await clients.backup.protectedItemOperationStatuses.get(VAULT, VAULT_RG, FABRIC, container('rg-web', 'vm-web-03'), item('rg-web', 'vm-web-03'), operationId);
    expect(first.status).toBe('InProgress');
    const jobId = await jobIdOfOperation(VAULT, VAULT_RG, operationId);
    // The ConfigureBackup job is already Completed when the operation reads Succeeded (scenario:28-29).
    const configure = await job(jobId);
    expect(configure).toMatchObject({ operation: 'ConfigureBackup', entityFriendlyName: 'vm-web-03', status: 'Completed' });
    expect(configure.extendedInfo?.propertyBag).toEqual({ 'VM Name': 'vm-web-03', 'Policy Name': 'pol-weu-nightly' });
    const protectedItem = await clients.backup.protectedItems.get(VAULT, VAULT_RG, FABRIC, container('rg-web', 'vm-web-03'), item('rg-web', 'vm-web-03'));
    expect(protectedItem.properties).toMatchObject({ protectionState: 'IRPending', policyName: 'pol-weu-nightly' });
    const puts = sandbox.control.requests().filter((r) => r.method === 'PUT' && /\/protectedItems\//i.test(r.path));
    expect(puts).toHaveLength(1);
    const status = await clients.backup.backupStatus.get('westeurope', { resourceId: vmId('rg-web', 'vm-web-03'), resourceType: 'VM' });
    expect(status).toMatchObject({ protectionStatus: 'Protected', policyName: 'pol-weu-nightly' });
  });

  it('refuses protection by a second vault and by a vault in another region, with Azure error envelopes', async () => {
    // Azure publishes no specific codes for these: the recovery-services input error, saying which input.
    await expect(protect(VAULT, VAULT_RG, 'rg-app', 'vm-app-01', 'DefaultPolicy')).rejects.toMatchObject({
      statusCode: 400,
      code: 'BMSUserErrorInvalidInput',
      message: expect.stringContaining("already protected by the vault 'rsv-weu-dev'"),
    });
    await expect(protect(VAULT, VAULT_RG, 'rg-neu', 'vm-neu-app-01', 'DefaultPolicy')).rejects.toMatchObject({
      statusCode: 400,
      code: 'BMSUserErrorInvalidInput',
      message: expect.stringContaining("not in the vault's region 'westeurope'"),
    });
    await expect(protect(VAULT, VAULT_RG, 'rg-web', 'vm-web-03', 'no-such-policy')).rejects.toMatchObject({ statusCode: 400, code: 'BMSUserErrorPolicyNotFound' });
  });

  it('backs up now and follows the job to Completed by advancing the clock (both tasks)', async () => {
    const jobId = await triggerBackup('rg-web', 'vm-web-01');
    const started = await job(jobId);
    expect(started).toMatchObject({ operation: 'Backup', status: 'InProgress' });
    expect(started.isUserTriggered).toBeUndefined(); // no recorded job has it
    expect(started.endTime).toBeUndefined(); // a running job has no endTime
    expect(started.extendedInfo?.tasksList?.map((t) => `${t.taskId}:${t.status}`)).toEqual(['Take Snapshot:InProgress', 'Transfer data to vault:NotStarted']);
    // The transfer has not started: its times are Azure's "not yet" sentinel (CJ:8).
    expect(started.extendedInfo?.tasksList?.[1].startTime?.getUTCFullYear()).toBeLessThan(2);
    expect(started.extendedInfo?.propertyBag?.['Recovery Point Expiry Time in UTC']).toBe('4/10/2025 12:00:00 AM');
    const seen = new Set<string>();
    let current = started;
    for (let step = 0; step < 50 && current.status === 'InProgress'; step++) {
      seen.add(current.extendedInfo!.tasksList!.map((t) => `${t.taskId}:${t.status}`).join(' | '));
      await sandbox.control.advanceClock(10);
      current = await job(jobId);
    }
    expect(current.status).toBe('Completed');
    expect(seen).toContain('Take Snapshot:Completed | Transfer data to vault:InProgress');
    expect(current.extendedInfo?.tasksList?.map((t) => t.status)).toEqual(['Completed', 'Completed']);
    expect(current.endTime!.getTime()).toBeGreaterThan(current.startTime!.getTime());
    const triggers = sandbox.control.requests().filter((r) => r.method === 'POST' && /\/backup$/i.test(r.path));
    expect(triggers).toHaveLength(1);
  });

  it('reports CompletedWithWarnings and Failed outcomes with error details and recommendations', async () => {
    sandbox.control.setOutcome({ vm: 'vm-web-01', status: 'CompletedWithWarnings' });
    sandbox.control.setOutcome({ vm: 'rg-web/vm-batch-01', status: 'Failed', errorCode: 'UserErrorRpCollectionLimitReached' });
    const warning = await triggerBackup('rg-web', 'vm-web-01');
    const failure = await triggerBackup('rg-web', 'vm-batch-01');
    await sandbox.control.advanceClock(120);
    const warned = await job(warning);
    expect(warned.status).toBe('CompletedWithWarnings');
    expect(warned.extendedInfo?.tasksList?.map((t) => t.status)).toEqual(['Completed', 'Failed']);
    // Without an error code, a warning gets a transfer-phase error: the snapshot was taken.
    expect(warned.errorDetails?.[0]).toMatchObject({ errorTitle: 'CopyingVHDsFromBackUpVaultTakingLongTime', errorString: expect.stringContaining('timed out') });
    expect(warned.errorDetails?.[0]?.recommendations?.[0]).toContain('Retry the operation after some time');
    const failed = await job(failure);
    expect(failed.status).toBe('Failed');
    expect(failed.extendedInfo?.tasksList?.map((t) => t.status)).toEqual(['Failed', 'Failed']);
    expect(failed.errorDetails?.[0]?.errorTitle).toBe('UserErrorRpCollectionLimitReached');
    // A warning leaves only the instant-restore snapshot: the newest recovery point has no vault tier.
    const points = await collect(clients.backup.recoveryPoints.list(VAULT, VAULT_RG, FABRIC, container('rg-web', 'vm-web-01'), item('rg-web', 'vm-web-01')));
    const tiers = (index: number) => (points[index].properties as { recoveryPointTierDetails: Array<{ type: string }> }).recoveryPointTierDetails.map((tier) => tier.type);
    expect(tiers(0)).toEqual(['InstantRP']);
    expect(tiers(1)).toEqual(['InstantRP', 'HardenedRP']);
    const itemAfter = await clients.backup.protectedItems.get(VAULT, VAULT_RG, FABRIC, container('rg-web', 'vm-batch-01'), item('rg-web', 'vm-batch-01'));
    expect(itemAfter.properties).toMatchObject({ lastBackupStatus: 'Failed', healthStatus: 'ActionRequired' });
  });

  it('turns a backup requested during another one into a Failed job (no synchronous 400), has no daily limit, and refuses a past expiry', async () => {
    const first = await triggerBackup('rg-web', 'vm-web-01');
    const second = await triggerBackup('rg-web', 'vm-web-01'); // the first is still taking its snapshot
    await sandbox.control.advanceClock(1);
    const rejected = await job(second);
    expect(rejected).toMatchObject({ operation: 'Backup', status: 'Failed' });
    expect(rejected.errorDetails).toEqual([expect.objectContaining({ errorCode: 400249, errorTitle: 'UserErrorBackupOperationInProgress' })]); // TF:5
    expect((await job(first)).status).toBe('InProgress');
    for (let i = 0; i < 3; i++) {
      await sandbox.control.advanceClock(20);
      await triggerBackup('rg-web', 'vm-web-01');
    }
    await sandbox.control.advanceClock(20);
    await expect(triggerBackup('rg-web', 'vm-web-01')).resolves.toEqual(expect.any(String));
    await expect(triggerBackup('rg-web', 'vm-web-02', new Date('2020-01-01T00:00:00Z'))).rejects.toMatchObject({ statusCode: 400, message: expect.stringContaining('in the past') });
  });

  it('fires policy schedules as the clock advances (daily and Enhanced hourly, W. Europe standard time) and runs a policy on request', async () => {
    const recent = async () =>
      (await collect(clients.backup.backupJobs.list(VAULT, VAULT_RG, { filter: "operation eq 'Backup' and startTime eq '2025-03-10 09:00:00 AM' and endTime eq '2025-03-11 11:59:59 PM'" })))
        .map((j) => `${j.properties?.entityFriendlyName}@${j.properties?.startTime?.toISOString()}`)
        .sort();
    expect(await recent()).toEqual([]);
    await sandbox.control.advanceClock(13 * 60);
    // nightly 22:00 W. Europe -> 21:00 UTC; Enhanced every 4 h from 08:00 W. Europe -> 11:00 and 15:00 UTC (07:00 was before the clock start)
    expect(await recent()).toEqual([
      'vm-sql-01@2025-03-10T21:00:00.000Z',
      'vm-sql-02@2025-03-10T11:00:00.000Z',
      'vm-sql-02@2025-03-10T15:00:00.000Z',
      'vm-web-01@2025-03-10T21:00:00.000Z',
      'vm-web-02@2025-03-10T21:00:00.000Z',
    ]);
    const ids = sandbox.control.runPolicy('rsv-weu-prod', 'pol-weu-weekly');
    expect(ids).toHaveLength(1);
    expect((await job((ids as string[])[0])).entityFriendlyName).toBe('vm-batch-01');
  });

  it('stops protection (ProtectionStopped) and deletes backup data through the vault-level operation', async () => {
    let stopHeaders: Record<string, string> = {};
    await clients.backup.protectedItems.createOrUpdate(
      VAULT,
      VAULT_RG,
      FABRIC,
      container('rg-web', 'vm-web-02'),
      item('rg-web', 'vm-web-02'),
      { properties: { protectedItemType: 'Microsoft.Compute/virtualMachines', sourceResourceId: vmId('rg-web', 'vm-web-02'), protectionState: 'ProtectionStopped' } as AzureIaaSVMProtectedItem },
      { onResponse: (response) => (stopHeaders = response.headers.toJSON()) },
    );
    const stopJob = await job(await jobIdOfOperation(VAULT, VAULT_RG, operationIdOf(stopHeaders['azure-asyncoperation'])));
    expect(stopJob.operation).toBe('DisableBackup');
    let deleteHeaders: Record<string, string> = {};
    await clients.backup.protectedItems.delete(VAULT, VAULT_RG, FABRIC, container('rg-web', 'vm-web-02'), item('rg-web', 'vm-web-02'), {
      onResponse: (response) => (deleteHeaders = response.headers.toJSON()),
    });
    expect(deleteHeaders['azure-asyncoperation']).toContain('/backupOperations/');
    const operationId = operationIdOf(deleteHeaders['azure-asyncoperation']);
    await jobIdOfOperation(VAULT, VAULT_RG, operationId);
    // The vault's soft delete is on (Azure's default): the item stays, scheduled for deferred delete (softdel:48).
    const kept = await clients.backup.protectedItems.get(VAULT, VAULT_RG, FABRIC, container('rg-web', 'vm-web-02'), item('rg-web', 'vm-web-02'));
    expect(kept.properties).toMatchObject({ protectionState: 'ProtectionStopped', policyId: '', isScheduledForDeferredDelete: true, deferredDeleteTimeRemaining: expect.stringMatching(/^1[34]\.\d\d:\d\d:\d\d\.\d{7}$/) });
  });
});
