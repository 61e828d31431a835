import type { AzureIaaSVMProtectionPolicy, ProtectionPolicyResource } from '@azure/arm-recoveryservicesbackup';
import { readRetention, readSchedule, toPolicyView, withRunTimes } from '../../../src/backup/policyView';
import { InvalidInputError } from '../../../src/backup/backupError';

// Shapes as the SDK deserialises the published examples (ProtectionPolicies_Get, IaaS_v2_daily).
const VAULT_ID = '/Subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/SwaggerTestRg/providers/Microsoft.RecoveryServices/vaults/NetSDKTestRsVault';

function v1(timeZone = 'W. Europe Standard Time', runTime = '2018-01-24T22:00:00Z', frequency: 'Daily' | 'Weekly' = 'Daily'): ProtectionPolicyResource {
  const time = new Date(runTime);
  return {
    id: `${VAULT_ID}/backupPolicies/nightly`,
    name: 'nightly',
    properties: {
      backupManagementType: 'AzureIaasVM',
      timeZone,
      instantRpRetentionRangeInDays: 2,
      protectedItemsCount: 3,
      schedulePolicy: { schedulePolicyType: 'SimpleSchedulePolicy', scheduleRunFrequency: frequency, scheduleRunTimes: [time], scheduleRunDays: frequency === 'Weekly' ? ['Sunday'] : undefined, scheduleWeeklyFrequency: 0 },
      retentionPolicy: {
        retentionPolicyType: 'LongTermRetentionPolicy',
        dailySchedule: frequency === 'Daily' ? { retentionTimes: [time], retentionDuration: { count: 30, durationType: 'Days' } } : undefined,
        weeklySchedule: { daysOfTheWeek: ['Sunday'], retentionTimes: [time], retentionDuration: { count: 12, durationType: 'Weeks' } },
        monthlySchedule: {
          retentionScheduleFormatType: 'Weekly',
          retentionScheduleWeekly: { daysOfTheWeek: ['Sunday'], weeksOfTheMonth: ['First'] },
          retentionTimes: [time],
          retentionDuration: { count: 60, durationType: 'Months' },
        },
      },
    } as AzureIaaSVMProtectionPolicy,
  };
}

function v2Daily(): ProtectionPolicyResource {
  return {
    id: `${VAULT_ID}/backupPolicies/enhanced`,
    name: 'enhanced',
    properties: {
      backupManagementType: 'AzureIaasVM',
      timeZone: 'India Standard Time',
      instantRpRetentionRangeInDays: 30,
      policyType: 'V2',
      schedulePolicy: { schedulePolicyType: 'SimpleSchedulePolicyV2', scheduleRunFrequency: 'Daily', dailySchedule: { scheduleRunTimes: [new Date('2018-01-24T10:00:00Z')] } },
      retentionPolicy: {
        retentionPolicyType: 'LongTermRetentionPolicy',
        dailySchedule: { retentionDuration: { count: 180, durationType: 'Days' }, retentionTimes: [new Date('2021-12-17T08:00:00Z')] },
        yearlySchedule: { monthsOfYear: ['January'], retentionDuration: { count: 10, durationType: 'Years' }, retentionTimes: [new Date('2021-12-17T08:00:00Z')] },
      },
    } as AzureIaaSVMProtectionPolicy,
  };
}

const now = new Date('2026-03-20T12:00:00Z');

describe('toPolicyView', () => {
  it('reads a V1 daily policy: policy time, UTC time, retention, instant restore, next DST', () => {
    const view = toPolicyView(v1(), now);
    expect(view).toMatchObject({
      name: 'nightly',
      vault: 'NetSDKTestRsVault',
      resourceGroup: 'SwaggerTestRg',
      kind: 'V1',
      frequency: 'Daily',
      runTimes: ['22:00'],
      timeZone: 'W. Europe Standard Time',
      ianaZone: 'Europe/Berlin',
      instantRestoreDays: 2,
      protectedItemsCount: 3,
      retentionSummary: 'daily 30 days, weekly 12 weeks, monthly 60 months',
    });
    expect(view.vaultId).toBe(VAULT_ID);
    expect(view.utcRunTimes).toEqual([{ policyTime: '22:00', utcTime: '21:00', utcDayShift: 0 }]);
    expect(view.nextDst?.transition.localDate).toBe('2026-03-29');
  });

  it('reads a V2 (enhanced) daily policy in a zone without DST', () => {
    const view = toPolicyView(v2Daily(), now);
    expect(view).toMatchObject({ kind: 'V2', frequency: 'Daily', runTimes: ['10:00'], ianaZone: expect.stringMatching(/Calcutta|Kolkata/), instantRestoreDays: 30 });
    expect(view.utcRunTimes[0].utcTime).toBe('04:30');
    expect(view.nextDst).toBeUndefined();
    expect(readRetention(v2Daily().properties as AzureIaaSVMProtectionPolicy).map((r) => r.tier)).toEqual(['daily', 'yearly']);
  });

  it('reads hourly V2 schedules', () => {
    const hourly = v2Daily();
    (hourly.properties as AzureIaaSVMProtectionPolicy).schedulePolicy = {
      schedulePolicyType: 'SimpleSchedulePolicyV2',
      scheduleRunFrequency: 'Hourly',
      hourlySchedule: { interval: 4, scheduleWindowStartTime: new Date('2024-01-01T08:00:00Z'), scheduleWindowDuration: 16 },
    } as never;
    expect(readSchedule(hourly.properties as AzureIaaSVMProtectionPolicy)).toMatchObject({ frequency: 'Hourly', hourly: { intervalHours: 4, windowStart: '08:00', windowHours: 16 } });
  });

  it('survives an unknown time zone without throwing', () => {
    const view = toPolicyView(v1('Atlantis Standard Time'), now);
    expect(view.ianaZone).toBeUndefined();
    expect(view.utcRunTimes).toEqual([]);
    expect(view.nextDst).toBeUndefined();
  });
});

describe('withRunTimes', () => {
  it('changes the run time, mirrors it in every retention time and keeps everything else', () => {
    const original = v1().properties as AzureIaaSVMProtectionPolicy;
    const snapshot = JSON.stringify(original);
    const updated = withRunTimes(original, ['21:00']);
    expect(JSON.stringify(original)).toBe(snapshot);
    const schedule = updated.schedulePolicy as { scheduleRunTimes: Date[] };
    expect(schedule.scheduleRunTimes.map((d) => d.toISOString())).toEqual(['2018-01-24T21:00:00.000Z']);
    const retention = updated.retentionPolicy as { dailySchedule: { retentionTimes: Date[]; retentionDuration: unknown }; monthlySchedule: { retentionTimes: Date[] } };
    expect(retention.dailySchedule.retentionTimes[0].toISOString()).toBe('2018-01-24T21:00:00.000Z');
    expect(retention.monthlySchedule.retentionTimes[0].toISOString()).toBe('2018-01-24T21:00:00.000Z');
    expect(retention.dailySchedule.retentionDuration).toEqual({ count: 30, durationType: 'Days' });
    expect(updated).toMatchObject({ timeZone: 'W. Europe Standard Time', instantRpRetentionRangeInDays: 2, protectedItemsCount: 3, backupManagementType: 'AzureIaasVM' });
  });

  it('moves weekly days (schedule and weekly retention formats) when asked', () => {
    const weekly = v1('W. Europe Standard Time', '2024-01-07T00:30:00Z', 'Weekly').properties as AzureIaaSVMProtectionPolicy;
    const updated = withRunTimes(weekly, ['23:30'], -1);
    expect((updated.schedulePolicy as { scheduleRunDays: string[] }).scheduleRunDays).toEqual(['Saturday']);
    const retention = updated.retentionPolicy as { weeklySchedule: { daysOfTheWeek: string[] }; monthlySchedule: { retentionScheduleWeekly: { daysOfTheWeek: string[] } } };
    expect(retention.weeklySchedule.daysOfTheWeek).toEqual(['Saturday']);
    expect(retention.monthlySchedule.retentionScheduleWeekly.daysOfTheWeek).toEqual(['Saturday']);
    const daily = withRunTimes(v1().properties as AzureIaaSVMProtectionPolicy, ['23:30'], -1);
    expect((daily.retentionPolicy as { weeklySchedule: { daysOfTheWeek: string[] } }).weeklySchedule.daysOfTheWeek).toEqual(['Sunday']);
  });

  it('updates V2 daily schedules', () => {
    const updated = withRunTimes(v2Daily().properties as AzureIaaSVMProtectionPolicy, ['09:15']);
    expect(readSchedule(updated).runTimes).toEqual(['09:15']);
    expect(updated.timeZone).toBe('India Standard Time');
  });

  it('refuses hourly schedules and a wrong number of times', () => {
    const hourly = {
      backupManagementType: 'AzureIaasVM',
      schedulePolicy: { schedulePolicyType: 'SimpleSchedulePolicyV2', scheduleRunFrequency: 'Hourly', hourlySchedule: { interval: 4, scheduleWindowStartTime: new Date('2024-01-01T08:00:00Z'), scheduleWindowDuration: 16 } },
    } as AzureIaaSVMProtectionPolicy;
    expect(() => withRunTimes(hourly, ['07:00'])).toThrow(/runs hourly/);
    expect(() => withRunTimes(v1().properties as AzureIaaSVMProtectionPolicy, ['01:00', '02:00'])).toThrow(InvalidInputError);
  });
});
