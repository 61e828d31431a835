import type { ProtectionPolicyResource, SimpleSchedulePolicy, SimpleSchedulePolicyV2, LongTermRetentionPolicy } from '@azure/arm-recoveryservicesbackup';
import { policyFingerprint, policyProperties, settingsFromPolicy } from '../../../src/backup/lifecycle/policyBody';
import { readPolicyForm, type PolicySettings } from '../../../src/backup/lifecycle/policySettings';
import { newPolicyNameProblem } from '../../../src/backup/lifecycle/policyWrite';
import { sortedTimeZoneChoices } from '../../../src/backup/timeZoneChoices';

const DAILY = { tier: 'Standard', frequency: 'Daily', time: '22:00', timeZone: 'W. Europe Standard Time', instantRestoreDays: '2', dailyDays: '30', retentionDay: 'Sunday', yearlyMonth: 'January' };
const WEEKLY = { ...DAILY, frequency: 'Weekly', runDays: 'Monday,Thursday', instantRestoreDays: '5', dailyDays: '', weeklyWeeks: '12', retentionDay: 'Thursday' };

function settings(form: Record<string, string>, tier?: 'Standard' | 'Enhanced'): PolicySettings {
  const read = readPolicyForm(form, tier);
  if (!read.settings) throw new Error(`unexpected problems: ${read.problems.join(' | ')}`);
  return read.settings;
}

function problems(form: Record<string, unknown>): string[] {
  const read = readPolicyForm(form);
  if (!read.problems) throw new Error('expected problems');
  return read.problems;
}

describe('policy card input: Azure rules, one sentence per problem', () => {
  it('reads a daily and a weekly policy', () => {
    expect(settings(DAILY)).toEqual({ tier: 'Standard', frequency: 'Daily', runDays: [], time: '22:00', timeZone: 'W. Europe Standard Time', instantRestoreDays: 2, dailyDays: 30, retentionDay: 'Sunday', yearlyMonth: 'January' });
    expect(settings({ ...WEEKLY, runDays: 'Thursday,monday', timeZone: 'w. europe standard time' })).toMatchObject({ frequency: 'Weekly', runDays: ['Monday', 'Thursday'], weeklyWeeks: 12, timeZone: 'W. Europe Standard Time' });
  });

  it.each([
    [{ time: '22:15' }, 'Time: Azure runs VM backups on the hour or half hour; 22:15 is neither (try 22:00 or 22:30).'],
    [{ time: '25:00' }, 'Time: give the backup time as HH:MM, for example 22:00.'],
    [{ timeZone: 'Europe/Nowhere' }, 'Time zone: choose one of the listed time zones'],
    [{ instantRestoreDays: '6' }, 'Instant restore: a Standard policy keeps snapshots 1 to 5 days (got 6).'],
    [{ instantRestoreDays: '' }, 'Instant restore: give a number of days.'],
    [{ instantRestoreDays: 'two' }, 'Instant restore: "two" is not a whole number of days.'],
    [{ dailyDays: '6' }, 'Daily retention: keep points 7 to 9999 days (got 6).'],
    [{ dailyDays: '' }, 'Daily retention: a daily schedule keeps its daily points 7 to 9999 days; give the number of days.'],
    [{ monthlyMonths: '1189' }, 'Monthly retention: keep points 1 to 1188 months (got 1189), or leave it empty for none.'],
    [{ yearlyYears: '100' }, 'Yearly retention: keep points 1 to 99 years (got 100), or leave it empty for none.'],
    [{ tier: 'Premium' }, 'Policy type: choose Standard or Enhanced.'],
    [{ frequency: 'Hourly' }, 'Schedule: choose Daily or Weekly.'],
  ])('daily %j', (change, sentence) => {
    expect(problems({ ...DAILY, ...change }).join(' ')).toContain(sentence);
  });

  it.each([
    [{ runDays: '' }, 'Days: a weekly schedule needs at least one day.'],
    [{ runDays: 'Monday,Funday' }, 'Days: "Funday" is not a day of the week.'],
    [{ instantRestoreDays: '2' }, 'Instant restore: a Standard policy with a weekly schedule keeps snapshots exactly 5 days (got 2).'],
    [{ dailyDays: '30' }, 'Daily retention: a weekly schedule makes no daily points; leave it empty and keep weekly points instead.'],
    [{ weeklyWeeks: '' }, 'Weekly retention: a weekly schedule keeps its weekly points 1 to 5163 weeks; give the number of weeks.'],
    [{ retentionDay: 'Sunday' }, 'Day of the weekly, monthly and yearly points: Sunday is not a backup day of this schedule (Monday, Thursday); pick one of those.'],
    [{ tier: 'Enhanced', instantRestoreDays: '3' }, 'Instant restore: an Enhanced policy with a weekly schedule keeps snapshots 5 to 30 days (got 3).'],
  ])('weekly %j', (change, sentence) => {
    expect(problems({ ...WEEKLY, ...change }).join(' ')).toContain(sentence);
  });

  it('Enhanced policies keep snapshots up to 30 days; the type of an edited policy is the stored one', () => {
    expect(settings({ ...DAILY, tier: 'Enhanced', instantRestoreDays: '30' }).instantRestoreDays).toBe(30);
    expect(problems({ ...DAILY, tier: 'Enhanced', instantRestoreDays: '31' }).join(' ')).toContain('keeps snapshots 1 to 30 days (got 31)');
    // Editing a Standard policy: a forged "Enhanced" in the inputs changes nothing.
    expect(settings({ ...DAILY, tier: 'Enhanced', instantRestoreDays: '5' }, 'Standard').tier).toBe('Standard');
  });

  it('refuses values that are not text or too long, without echoing them', () => {
    expect(problems({ ...DAILY, time: { $gt: '' } })).toEqual(['The card sent values that are too long or not text; open a fresh card with the command again.']);
    expect(problems({ ...DAILY, timeZone: 'x'.repeat(5000) })).toHaveLength(1);
  });

  it('new policy names follow Azure: 3-150 characters, a letter first, letters, digits, hyphens', () => {
    expect(newPolicyNameProblem('pol-weu-daily-2200')).toBeUndefined();
    expect(newPolicyNameProblem('1pol')).toMatch(/not a valid policy name|cannot name a new VM backup policy/);
    expect(newPolicyNameProblem('po')).toMatch(/3 to 150 characters/);
    expect(newPolicyNameProblem('pol_weu')).toMatch(/3 to 150 characters/);
  });
});

describe('policy body', () => {
  it('a Standard weekly policy: SimpleSchedulePolicy, run days, weekly/monthly/yearly retention on a run day', () => {
    const s = settings({ ...WEEKLY, monthlyMonths: '12', yearlyYears: '3', yearlyMonth: 'March' });
    const body = policyProperties(s, '2026-12-01');
    const schedule = body.schedulePolicy as SimpleSchedulePolicy;
    expect(schedule).toEqual({ schedulePolicyType: 'SimpleSchedulePolicy', scheduleRunFrequency: 'Weekly', scheduleRunTimes: [new Date('2026-12-01T22:00:00Z')], scheduleWeeklyFrequency: 0, scheduleRunDays: ['Monday', 'Thursday'] });
    const retention = body.retentionPolicy as LongTermRetentionPolicy;
    expect(retention.dailySchedule).toBeUndefined();
    expect(retention.weeklySchedule).toMatchObject({ daysOfTheWeek: ['Thursday'], retentionDuration: { count: 12, durationType: 'Weeks' } });
    expect(retention.monthlySchedule).toMatchObject({ retentionScheduleFormatType: 'Weekly', retentionScheduleWeekly: { daysOfTheWeek: ['Thursday'], weeksOfTheMonth: ['First'] }, retentionDuration: { count: 12, durationType: 'Months' } });
    expect(retention.yearlySchedule).toMatchObject({ monthsOfYear: ['March'], retentionDuration: { count: 3, durationType: 'Years' } });
    expect(body).toMatchObject({ backupManagementType: 'AzureIaasVM', policyType: 'V1', instantRpRetentionRangeInDays: 5, timeZone: 'W. Europe Standard Time' });
  });

  it('an Enhanced daily policy: SimpleSchedulePolicyV2 with dailySchedule', () => {
    const body = policyProperties(settings({ ...DAILY, tier: 'Enhanced', instantRestoreDays: '7' }), '2026-12-01');
    expect(body.policyType).toBe('V2');
    expect(body.schedulePolicy as SimpleSchedulePolicyV2).toEqual({ schedulePolicyType: 'SimpleSchedulePolicyV2', scheduleRunFrequency: 'Daily', dailySchedule: { scheduleRunTimes: [new Date('2026-12-01T22:00:00Z')] } });
  });

  it('edits keep the fields the card does not own, and read back into the same settings', () => {
    const base = { backupManagementType: 'AzureIaasVM', instantRPDetails: { azureBackupRGNamePrefix: 'rg-snap' }, protectedItemsCount: 3 } as const;
    const s = settings({ ...DAILY, weeklyWeeks: '8', monthlyMonths: '6', retentionDay: 'Friday' });
    const properties = policyProperties(s, '2026-12-01', { ...base });
    expect(properties.instantRPDetails).toEqual({ azureBackupRGNamePrefix: 'rg-snap' });
    expect(properties).not.toHaveProperty('protectedItemsCount');
    const resource: ProtectionPolicyResource = { name: 'pol-x', properties };
    const back = settingsFromPolicy(resource);
    expect(back).toEqual({ settings: s, notes: [] });
    // The fingerprint moves when the schedule does, not when the count of protected items does.
    const moved: ProtectionPolicyResource = { name: 'pol-x', properties: policyProperties({ ...s, time: '23:00' }, '2026-12-01') };
    expect(policyFingerprint(moved)).not.toBe(policyFingerprint(resource));
    expect(policyFingerprint({ ...resource, properties: { ...properties, protectedItemsCount: 9 } })).toBe(policyFingerprint(resource));
  });

  it('an hourly policy cannot be edited on the card', () => {
    const hourly: ProtectionPolicyResource = {
      name: 'pol-4h',
      properties: { backupManagementType: 'AzureIaasVM', policyType: 'V2', schedulePolicy: { schedulePolicyType: 'SimpleSchedulePolicyV2', scheduleRunFrequency: 'Hourly', hourlySchedule: { interval: 4, scheduleWindowStartTime: new Date('2026-01-01T08:00:00Z'), scheduleWindowDuration: 12 } } as SimpleSchedulePolicyV2 },
    };
    expect(settingsFromPolicy(hourly)).toEqual({ problem: 'pol-4h runs hourly; the edit card handles daily and weekly schedules only, so change it in the Azure portal.' });
  });
});

describe('time zones', () => {
  it('lists Windows ids with their IANA names, west to east', () => {
    const zones = sortedTimeZoneChoices(new Date('2026-12-01T12:00:00Z'));
    expect(zones.length).toBeGreaterThan(100);
    expect(zones.find((z) => z.windowsId === 'W. Europe Standard Time')?.title).toBe('Europe/Berlin (W. Europe Standard Time, UTC+01:00)');
    expect(zones.find((z) => z.windowsId === 'UTC')?.title).toBe('UTC (UTC+00:00)');
    expect(zones[0].windowsId).toBe('Dateline Standard Time');
  });
});
