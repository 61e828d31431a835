import type { AzureIaaSVMProtectionPolicy, ProtectionPolicyResource } from '@azure/arm-recoveryservicesbackup';
import { startSandbox, type SandboxHandle } from '../../../src/sandbox';
import { createSandboxClients, rawSandboxRequest, type SandboxClients } from '../../helpers/sandboxClients';
import { dailyPolicy, MINI_SUBSCRIPTION, miniEstate } from '../../helpers/sandboxEstates';

const VAULT = 'rsv-mini';
const RG = 'rg-backup';
const POLICY_PATH = (name: string) => `/subscriptions/${MINI_SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.RecoveryServices/vaults/${VAULT}/backupPolicies/${name}?api-version=2023-06-01`;

let sandbox: SandboxHandle;
let clients: SandboxClients;

beforeAll(async () => {
  sandbox = await startSandbox({ estate: miniEstate() });
  clients = createSandboxClients(sandbox, MINI_SUBSCRIPTION);
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(() => sandbox.control.reset());

const weekly: AzureIaaSVMProtectionPolicy = {
  backupManagementType: 'AzureIaasVM',
  policyType: 'V1',
  timeZone: 'Eastern Standard Time',
  instantRpRetentionRangeInDays: 5,
  schedulePolicy: {
    schedulePolicyType: 'SimpleSchedulePolicy',
    scheduleRunFrequency: 'Weekly',
    scheduleRunDays: ['Saturday'],
    scheduleRunTimes: [new Date('2024-01-06T23:00:00Z')],
    scheduleWeeklyFrequency: 0,
  },
  retentionPolicy: {
    retentionPolicyType: 'LongTermRetentionPolicy',
    weeklySchedule: { daysOfTheWeek: ['Saturday'], retentionTimes: [new Date('2024-01-06T23:00:00Z')], retentionDuration: { count: 12, durationType: 'Weeks' } },
  },
};

describe('backup policies through the SDK', () => {
  it('lists and reads policies with their time zone and protected-item count', async () => {
    const policies: ProtectionPolicyResource[] = [];
    for await (const policy of clients.backup.backupPolicies.list(VAULT, RG, { filter: "backupManagementType eq 'AzureIaasVM'" })) policies.push(policy);
    expect(policies.map((policy) => policy.name).sort()).toEqual(['DefaultPolicy', 'pol-nightly']);
    const nightly = (await clients.backup.protectionPolicies.get(VAULT, RG, 'pol-nightly')).properties as AzureIaaSVMProtectionPolicy & { protectedItemsCount: number };
    expect(nightly.timeZone).toBe('W. Europe Standard Time');
    expect(nightly.protectedItemsCount).toBe(3);
  });

  it('creates a weekly policy and reads it back exactly as sent (timeZone kept)', async () => {
    const created = await clients.backup.protectionPolicies.createOrUpdate(VAULT, RG, 'pol-weekly-sat', { properties: weekly });
    expect((created.properties as AzureIaaSVMProtectionPolicy).timeZone).toBe('Eastern Standard Time');
    const raw = await rawSandboxRequest(sandbox, 'GET', POLICY_PATH('pol-weekly-sat'));
    const { protectedItemsCount, ...stored } = (raw.body as { properties: Record<string, unknown> }).properties;
    expect(protectedItemsCount).toBe(0);
    expect(stored).toEqual({
      backupManagementType: 'AzureIaasVM',
      policyType: 'V1',
      timeZone: 'Eastern Standard Time',
      instantRpRetentionRangeInDays: 5,
      schedulePolicy: { schedulePolicyType: 'SimpleSchedulePolicy', scheduleRunFrequency: 'Weekly', scheduleRunDays: ['Saturday'], scheduleRunTimes: ['2024-01-06T23:00:00.000Z'], scheduleWeeklyFrequency: 0 },
      retentionPolicy: {
        retentionPolicyType: 'LongTermRetentionPolicy',
        weeklySchedule: { daysOfTheWeek: ['Saturday'], retentionTimes: ['2024-01-06T23:00:00.000Z'], retentionDuration: { count: 12, durationType: 'Weeks' } },
      },
    });
  });

  it('round-trips a policy that protects items: GET -> shift the run time -> PUT 202 -> operation -> GET keeps every field', async () => {
    const before = await clients.backup.protectionPolicies.get(VAULT, RG, 'pol-nightly');
    const properties = before.properties as AzureIaaSVMProtectionPolicy;
    const shifted: AzureIaaSVMProtectionPolicy = {
      ...properties,
      schedulePolicy: { ...properties.schedulePolicy!, scheduleRunTimes: [new Date('2024-01-01T21:00:00Z')] } as AzureIaaSVMProtectionPolicy['schedulePolicy'],
    };
    let status = 0;
    let asyncUrl = '';
    await clients.backup.protectionPolicies.createOrUpdate(VAULT, RG, 'pol-nightly', { properties: shifted }, {
      onResponse: (response) => {
        status = response.status;
        asyncUrl = response.headers.get('azure-asyncoperation') ?? '';
      },
    });
    expect(status).toBe(202);
    const operationId = new URL(asyncUrl).pathname.split('/').pop()!;
    const states: string[] = [];
    for (let attempt = 0; attempt < 3 && !states.includes('Succeeded'); attempt++) {
      states.push((await clients.backup.protectionPolicyOperationStatuses.get(VAULT, RG, 'pol-nightly', operationId)).status!);
    }
    expect(states).toEqual(['InProgress', 'Succeeded']);
    const after = (await clients.backup.protectionPolicies.get(VAULT, RG, 'pol-nightly')).properties as AzureIaaSVMProtectionPolicy;
    expect(after.timeZone).toBe('W. Europe Standard Time');
    expect(after.instantRpRetentionRangeInDays).toBe(properties.instantRpRetentionRangeInDays);
    expect(after.retentionPolicy).toEqual(properties.retentionPolicy);
    expect((after.schedulePolicy as { scheduleRunTimes: Date[] }).scheduleRunTimes[0].toISOString()).toBe('2024-01-01T21:00:00.000Z');
    // The shifted policy now fires at 21:00 W. Europe standard time = 20:00 UTC.
    await sandbox.control.advanceClock(12 * 60);
    const jobs = [];
    for await (const job of clients.backup.backupJobs.list(VAULT, RG, { filter: "operation eq 'Backup' and startTime eq '2025-03-10 12:00:00 PM' and endTime eq '2025-03-10 11:59:59 PM'" })) jobs.push(job);
    expect(new Set(jobs.map((job) => job.properties?.startTime?.toISOString()))).toEqual(new Set(['2025-03-10T20:00:00.000Z']));
  });

  it('accepts an Enhanced (V2) hourly policy with 30 days of instant restore', async () => {
    const enhanced = {
      backupManagementType: 'AzureIaasVM',
      policyType: 'V2',
      timeZone: 'UTC',
      instantRpRetentionRangeInDays: 30,
      schedulePolicy: {
        schedulePolicyType: 'SimpleSchedulePolicyV2',
        scheduleRunFrequency: 'Hourly',
        hourlySchedule: { interval: 4, scheduleWindowStartTime: new Date('2024-01-01T08:00:00Z'), scheduleWindowDuration: 12 },
      },
      retentionPolicy: { retentionPolicyType: 'LongTermRetentionPolicy', dailySchedule: { retentionTimes: [new Date('2024-01-01T08:00:00Z')], retentionDuration: { count: 30, durationType: 'Days' } } },
    } as AzureIaaSVMProtectionPolicy;
    const created = await clients.backup.protectionPolicies.createOrUpdate(VAULT, RG, 'pol-enhanced', { properties: enhanced });
    expect((created.properties as AzureIaaSVMProtectionPolicy).policyType).toBe('V2');
  });

  it('refuses invalid policies and deleting a policy in use, with specific sentences', async () => {
    await expect(
      clients.backup.protectionPolicies.createOrUpdate(VAULT, RG, 'pol-bad-zone', { properties: dailyPolicy('Atlantis Standard Time', '22:00') as AzureIaaSVMProtectionPolicy }),
    ).rejects.toMatchObject({ statusCode: 400, code: 'BMSUserErrorInvalidPolicyInput', message: expect.stringContaining("'Atlantis Standard Time' is not a Windows time zone") });
    await expect(
      clients.backup.protectionPolicies.createOrUpdate(VAULT, RG, 'pol-too-long-ir', { properties: dailyPolicy('UTC', '22:00', { instantRpRetentionRangeInDays: 9 }) as AzureIaaSVMProtectionPolicy }),
    ).rejects.toMatchObject({ statusCode: 400, message: expect.stringContaining('instantRpRetentionRangeInDays must be 1 to 5') });
    await expect(clients.backup.protectionPolicies.beginDeleteAndWait(VAULT, RG, 'pol-nightly')).rejects.toMatchObject({ statusCode: 400, code: 'BMSUserErrorPolicyInUse' });
    await clients.backup.protectionPolicies.beginDeleteAndWait(VAULT, RG, 'DefaultPolicy');
    await expect(clients.backup.protectionPolicies.get(VAULT, RG, 'DefaultPolicy')).rejects.toMatchObject({ statusCode: 404 });
  });
});
