import type { JobResource, ProtectedItemResource, WorkloadProtectableItemResource } from '@azure/arm-recoveryservicesbackup';
import { itemNames } from '../../../src/backup/backupService';
import { toJobView } from '../../../src/backup/jobPhases';
import { toProtectedVm } from '../../../src/backup/protectionView';
import type { VaultView } from '../../../src/backup/views';
import { jobViewModel } from '../../../src/commands/jobCard';
import { loadRecording, recorded, recordedClients, scopeOf, type RecordedExchange } from '../../helpers/recordedAzure';

// The views fed with bodies recorded against live Azure (test/fixtures/azure-recordings, see FINDINGS.md),
// deserialised by the real SDK clients. Each test names the exchange (file:seq) whose shape it covers.

const SCENARIO = 'test_backup_scenario';
const TIME_FILTER = 'TestAzureVMGetJobsTimeFilter';
const REDO = 'TestAzureVMRedoProtection';

function vaultOf(exchange: ReturnType<typeof recorded>): VaultView {
  const { subscriptionId, resourceGroup, vault } = scopeOf(exchange);
  return {
    name: vault,
    id: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.RecoveryServices/vaults/${vault}`,
    subscriptionId,
    resourceGroup,
    region: 'westeurope',
    redundancy: 'GRS',
    redundancyLabel: '',
    crossRegionRestore: false,
    protectedItemCount: 0,
  };
}

async function protectedItems(file: string, seq: number): Promise<ProtectedItemResource[]> {
  const exchange = recorded(file, seq);
  const { subscriptionId, resourceGroup, vault } = scopeOf(exchange);
  const items: ProtectedItemResource[] = [];
  for await (const item of recordedClients(subscriptionId, [exchange]).backup.backupProtectedItems.list(vault, resourceGroup)) items.push(item);
  expect(items.length).toBeGreaterThan(0);
  return items;
}

async function jobGet(file: string, seq: number): Promise<JobResource> {
  return jobGetOf(recorded(file, seq));
}

async function jobGetOf(exchange: RecordedExchange): Promise<JobResource> {
  const { subscriptionId, resourceGroup, vault } = scopeOf(exchange);
  const id = exchange.path.split('/').pop()!;
  return recordedClients(subscriptionId, [exchange]).backup.jobDetails.get(vault, resourceGroup, id);
}

async function jobList(file: string, seq: number): Promise<JobResource[]> {
  const exchange = recorded(file, seq);
  const { subscriptionId, resourceGroup, vault } = scopeOf(exchange);
  const jobs: JobResource[] = [];
  for await (const job of recordedClients(subscriptionId, [exchange]).backup.backupJobs.list(vault, resourceGroup)) jobs.push(job);
  expect(jobs.length).toBeGreaterThan(0);
  return jobs;
}

describe('protected items as Azure sends them', () => {
  it('a never backed-up item (IRPending, lastBackupTime 2001-01-01T00:00:00Z, lastBackupStatus "") has no last backup (scenario:31)', async () => {
    const [item] = await protectedItems(SCENARIO, 31);
    const view = toProtectedVm(item, vaultOf(recorded(SCENARIO, 31)))!;
    expect(view.view.state).toBe('IRPending');
    expect(view.view.lastBackupTime).toBeUndefined();
    expect(view.view.lastBackupStatus).toBeUndefined();
    expect(view.view.healthIssue).toBeUndefined();
    expect(view.containerName).toBe('IaasVMContainer;iaasvmcontainerv2;clitest.rg000001;clitest-vm000003');
    expect(view.itemName).toBe('VM;iaasvmcontainerv2;clitest.rg000001;clitest-vm000003');
  });

  it('after the first backup the last backup time is the job start time (scenario:119)', async () => {
    const [item] = await protectedItems(SCENARIO, 119);
    const view = toProtectedVm(item, vaultOf(recorded(SCENARIO, 119)))!;
    expect(view.view).toMatchObject({ state: 'Protected', lastBackupStatus: 'Completed', lastBackupTime: '2022-05-16T14:28:23.552Z', health: 'Passed' });
    expect(view.view.healthIssue).toBeUndefined();
  });

  it('an unhealthy item keeps Azure\'s own message and remedy for a code the catalogue lacks (Redo:2, code 400136)', async () => {
    const items = await protectedItems(REDO, 2);
    const views = items.map((item) => toProtectedVm(item, vaultOf(recorded(REDO, 2)))!);
    const failing = views.find((v) => v.view.health === 'ActionRequired')!;
    expect(failing.view.healthIssue).toEqual({
      code: 'UserErrorVmNotFoundV2',
      message: "Virtual machine doesn't exist.",
      action: expect.stringMatching(/^Please make sure that virtual machine exists/),
    });
    expect(failing.vmKey).toMatch(/hiaganewvm1$/);
  });
});

describe('jobs as Azure sends them', () => {
  it('a running backup job GET: tasks {taskId, duration:"PT0S", status}, no endTime, actionsInfo [1] (scenario:35)', async () => {
    const view = toJobView(await jobGet(SCENARIO, 35));
    expect(view).toMatchObject({ status: 'InProgress', terminal: false, operation: 'Backup', vm: 'clitest-vm000003', vault: 'clitest-vault000002', start: '2022-05-16T14:28:23.552Z' });
    expect(view.end).toBeUndefined();
    expect(view.phases.map((p) => [p.name, p.status, p.start, p.duration])).toEqual([
      ['Take Snapshot', 'InProgress', undefined, ''],
      ['Transfer data to vault', 'NotStarted', undefined, ''],
    ]);
    const card = jobViewModel(view, { timeZone: 'UTC', canRetry: true });
    expect(card.phases.map((p) => p.detail)).toEqual(['', '']);
  });

  it('a finished backup never shows "0 s" phases: PT0S is all the 2022 service says about a 41-minute transfer (scenario:118)', async () => {
    const view = toJobView(await jobGet(SCENARIO, 118));
    expect(view.status).toBe('Completed');
    expect(view.phases.map((p) => [p.status, p.duration, p.durationSeconds])).toEqual([
      ['Completed', '', undefined],
      ['Completed', '', undefined],
    ]);
    expect(view.duration).toMatch(/^41 min/);
    expect(JSON.stringify(jobViewModel(view, { timeZone: 'UTC', canRetry: true }))).not.toMatch(/\b0 s\b/);
  });

  it('2024+ tasks: phase times only where Azure gives them, never the 0001-01-01T00:00:00 sentinel (FINDINGS (c), CJ:8)', () => {
    // The task list quoted in FINDINGS (c) from TestAzureVMCancelJob:8 (kept outside this folder).
    const view = toJobView({
      id: '/subscriptions/38304e13-357e-405e-9e9a-220351dcce8c/resourceGroups/hiagarg/providers/Microsoft.RecoveryServices/vaults/hiagaVault/backupJobs/0b6b4a0e-0000-0000-0000-000000000000',
      name: '0b6b4a0e-0000-0000-0000-000000000000',
      properties: {
        jobType: 'AzureIaaSVMJob',
        operation: 'Backup',
        status: 'InProgress',
        startTime: '2025-01-19T03:56:50.9443712Z',
        entityFriendlyName: 'hiagaNewVm1',
        extendedInfo: {
          tasksList: [
            { taskId: 'Take Snapshot', startTime: '2025-01-19T03:56:52.409577Z', endTime: '0001-01-01T00:00:00', duration: 'PT2.6260202S', status: 'InProgress' },
            { taskId: 'Transfer data to vault', startTime: '0001-01-01T00:00:00', endTime: '0001-01-01T00:00:00', duration: 'PT0S', status: 'NotStarted' },
          ],
        },
      },
    });
    expect(view.phases.map((p) => [p.status, p.start, p.end, p.duration])).toEqual([
      ['InProgress', '2025-01-19T03:56:52.409Z', undefined, '2 s'],
      ['NotStarted', undefined, undefined, ''],
    ]);
    expect(jobViewModel(view, { timeZone: 'UTC', canRetry: false }).phases.map((p) => p.detail)).toEqual(['since Sun 19 Jan 2025 03:56 UTC', '']);
  });

  it('a job list (no extendedInfo; numeric errorCode with errorTitle; actionsInfo ["Cancellable"]; endTime null while running) (TF:5)', async () => {
    const views = (await jobList(TIME_FILTER, 5)).map((job) => toJobView(job, { region: 'westeurope' }));
    const running = views.filter((v) => v.status === 'InProgress');
    expect(running.length).toBeGreaterThan(0);
    expect(running.every((v) => v.end === undefined && v.phases.length === 0)).toBe(true);

    const refused = views.find((v) => v.errors[0]?.code === 'UserErrorBackupOperationInProgress')!;
    expect(refused.status).toBe('Failed');
    expect(refused.errors[0].catalogue.known).toBe(true);
    expect(refused.phases).toEqual([]);
    expect(refused.meaning).toMatch(/another backup of the VM was still in progress/);

    const timedOut = views.find((v) => v.errors[0]?.code === 'VMCreationTimeOutStorageErrorV2')!;
    expect(timedOut.errors[0].catalogue).toMatchObject({
      known: false,
      meaning: 'Create VM took very long time and got timed out',
      action: 'Please retry the operation after some time. If problem persists, please contact Microsoft support.',
    });
    const card = jobViewModel(timedOut, { timeZone: 'UTC', canRetry: true });
    expect(card.errors[0]).toMatchObject({ code: 'VMCreationTimeOutStorageErrorV2', meaning: 'Create VM took very long time and got timed out' });
  });

  it('2020 ids with /Subscriptions/ (capital S) still name the vault, in the canonical id form (policy[4])', async () => {
    const exchange = loadRecording('test_backup_policy')[4];
    expect(exchange.path).toMatch(/^\/Subscriptions\/.*\/backupJobs\//);
    const view = toJobView(await jobGetOf(exchange));
    expect(view).toMatchObject({ vault: 'clitest-vault000002', resourceGroup: 'clitest.rg000001', subscriptionId: '00000000-0000-0000-0000-000000000000', operation: 'ConfigureBackup', status: 'Completed' });
    expect(view.vaultId).toBe('/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/clitest.rg000001/providers/Microsoft.RecoveryServices/vaults/clitest-vault000002');
  });
});

describe('protectable items as Azure sends them', () => {
  it('names iaasvmcontainerv2;{rg};{vm} in lower case: the PUT uses the container and vm; item of the id (scenario:20)', async () => {
    const exchange = recorded(SCENARIO, 20);
    const { subscriptionId, resourceGroup, vault } = scopeOf(exchange);
    const items: WorkloadProtectableItemResource[] = [];
    for await (const item of recordedClients(subscriptionId, [exchange]).backup.backupProtectableItems.list(vault, resourceGroup)) items.push(item);
    const first = items[0];
    expect(first.name).toBe('iaasvmcontainerv2;abgoyatest;tvmtestdelete1');
    const ref = { name: 'TVMTestDelete1', resourceGroup: 'abgoyaTest', subscriptionId, id: `/subscriptions/${subscriptionId}/resourceGroups/abgoyaTest/providers/Microsoft.Compute/virtualMachines/TVMTestDelete1` };
    expect(itemNames(first, ref)).toEqual({ container: 'IaasVMContainer;iaasvmcontainerv2;abgoyatest;tvmtestdelete1', item: 'vm;iaasvmcontainerv2;abgoyatest;tvmtestdelete1' });
    expect(itemNames({ name: first.name }, ref)).toEqual({ container: 'IaasVMContainer;iaasvmcontainerv2;abgoyatest;tvmtestdelete1', item: 'vm;iaasvmcontainerv2;abgoyatest;tvmtestdelete1' });
  });
});
