import { createHash } from 'node:crypto';
import type {
  AzureIaaSVMProtectionPolicy,
  DailyRetentionSchedule,
  LongTermRetentionPolicy,
  MonthlyRetentionSchedule,
  ProtectionPolicyResource,
  SimpleSchedulePolicy,
  SimpleSchedulePolicyV2,
  WeeklyRetentionSchedule,
  YearlyRetentionSchedule,
} from '@azure/arm-recoveryservicesbackup';
import { readSchedule } from '../policyView';
import { MONTHS, WEEKDAYS, type Month, type PolicySettings, type Weekday } from './policySettings';

// Settings <-> the ARM body of a VM backup policy (PUT backupPolicies/{name}). Shapes: the
// DefaultPolicy recordings (FINDINGS.md, Policies) for Standard (V1); SimpleSchedulePolicyV2 with
// daily/weeklySchedule for Enhanced (V2). Run times are wall-clock times in the policy's zone
// written on `referenceDate` (the date that fixes the UTC offset: src/backup/README.md, DST model).

/**
 * The policy's properties for these settings. When editing, `base` is the policy as read: every
 * field the form does not own (instantRPDetails, tiering, tags...) is sent back as it was.
 */
export function policyProperties(s: PolicySettings, referenceDate: string, base?: AzureIaaSVMProtectionPolicy): AzureIaaSVMProtectionPolicy {
  const runTime = new Date(`${referenceDate}T${s.time}:00Z`);
  const weekly = s.frequency === 'Weekly';
  const schedulePolicy: SimpleSchedulePolicy | SimpleSchedulePolicyV2 =
    s.tier === 'Enhanced'
      ? {
          schedulePolicyType: 'SimpleSchedulePolicyV2',
          scheduleRunFrequency: s.frequency,
          ...(weekly ? { weeklySchedule: { scheduleRunDays: s.runDays, scheduleRunTimes: [runTime] } } : { dailySchedule: { scheduleRunTimes: [runTime] } }),
        }
      : { schedulePolicyType: 'SimpleSchedulePolicy', scheduleRunFrequency: s.frequency, scheduleRunTimes: [runTime], scheduleWeeklyFrequency: 0, ...(weekly ? { scheduleRunDays: s.runDays } : {}) };
  const { protectedItemsCount: _count, ...kept } = base ?? ({} as AzureIaaSVMProtectionPolicy);
  return {
    ...kept,
    backupManagementType: 'AzureIaasVM',
    policyType: s.tier === 'Enhanced' ? 'V2' : 'V1',
    instantRPDetails: base?.instantRPDetails ?? {},
    schedulePolicy,
    retentionPolicy: retentionPolicy(s, runTime),
    instantRpRetentionRangeInDays: s.instantRestoreDays,
    timeZone: s.timeZone,
  };
}

function retentionPolicy(s: PolicySettings, runTime: Date): LongTermRetentionPolicy {
  const times = () => [new Date(runTime)];
  const onDay = { daysOfTheWeek: [s.retentionDay], weeksOfTheMonth: ['First' as const] };
  const daily: DailyRetentionSchedule | undefined = s.dailyDays !== undefined ? { retentionTimes: times(), retentionDuration: { count: s.dailyDays, durationType: 'Days' } } : undefined;
  const weekly: WeeklyRetentionSchedule | undefined =
    s.weeklyWeeks !== undefined ? { daysOfTheWeek: [s.retentionDay], retentionTimes: times(), retentionDuration: { count: s.weeklyWeeks, durationType: 'Weeks' } } : undefined;
  const monthly: MonthlyRetentionSchedule | undefined =
    s.monthlyMonths !== undefined
      ? { retentionScheduleFormatType: 'Weekly', retentionScheduleWeekly: onDay, retentionTimes: times(), retentionDuration: { count: s.monthlyMonths, durationType: 'Months' } }
      : undefined;
  const yearly: YearlyRetentionSchedule | undefined =
    s.yearlyYears !== undefined
      ? { retentionScheduleFormatType: 'Weekly', monthsOfYear: [s.yearlyMonth], retentionScheduleWeekly: onDay, retentionTimes: times(), retentionDuration: { count: s.yearlyYears, durationType: 'Years' } }
      : undefined;
  return {
    retentionPolicyType: 'LongTermRetentionPolicy',
    ...(daily ? { dailySchedule: daily } : {}),
    ...(weekly ? { weeklySchedule: weekly } : {}),
    ...(monthly ? { monthlySchedule: monthly } : {}),
    ...(yearly ? { yearlySchedule: yearly } : {}),
  };
}

export type SettingsFromPolicy = { settings: PolicySettings; notes: string[] } | { problem: string };

/** The settings a policy has now, to pre-fill the edit card; a sentence when the card cannot show it. */
export function settingsFromPolicy(resource: ProtectionPolicyResource): SettingsFromPolicy {
  const name = resource.name ?? 'This policy';
  const policy = (resource.properties ?? {}) as AzureIaaSVMProtectionPolicy;
  const schedule = readSchedule(policy);
  if (schedule.frequency !== 'Daily' && schedule.frequency !== 'Weekly') {
    return { problem: `${name} runs ${schedule.frequency === 'Hourly' ? 'hourly' : 'on a schedule I cannot read'}; the edit card handles daily and weekly schedules only, so change it in the Azure portal.` };
  }
  if (schedule.runTimes.length !== 1) return { problem: `${name} runs ${schedule.runTimes.length} times a day; the edit card handles one run time, so change it in the Azure portal.` };
  const long = policy.retentionPolicy?.retentionPolicyType === 'LongTermRetentionPolicy' ? (policy.retentionPolicy as LongTermRetentionPolicy) : undefined;
  const notes: string[] = [];
  const weeklyDays = long?.weeklySchedule?.daysOfTheWeek ?? [];
  const monthlyDay = long?.monthlySchedule?.retentionScheduleWeekly?.daysOfTheWeek?.[0];
  const retentionDay = asWeekday(weeklyDays[0] ?? monthlyDay ?? long?.yearlySchedule?.retentionScheduleWeekly?.daysOfTheWeek?.[0]) ?? 'Sunday';
  if (weeklyDays.length > 1) notes.push(`Weekly points are kept today on ${weeklyDays.join(', ')}; saving keeps them on ${retentionDay} only.`);
  if (long?.monthlySchedule && long.monthlySchedule.retentionScheduleFormatType !== 'Weekly') notes.push(`Monthly points are kept today on a day of the month; saving keeps the first ${retentionDay} of each month instead.`);
  const yearlyMonth = asMonth(long?.yearlySchedule?.monthsOfYear?.[0]) ?? 'January';
  const settings: PolicySettings = {
    tier: schedule.kind === 'V2' ? 'Enhanced' : 'Standard',
    frequency: schedule.frequency,
    runDays: WEEKDAYS.filter((day) => schedule.runDays.includes(day)),
    time: schedule.runTimes[0],
    timeZone: policy.timeZone ?? 'UTC',
    instantRestoreDays: policy.instantRpRetentionRangeInDays ?? 2,
    retentionDay,
    yearlyMonth,
    ...count('dailyDays', long?.dailySchedule?.retentionDuration?.count),
    ...count('weeklyWeeks', long?.weeklySchedule?.retentionDuration?.count),
    ...count('monthlyMonths', long?.monthlySchedule?.retentionDuration?.count),
    ...count('yearlyYears', long?.yearlySchedule?.retentionDuration?.count),
  };
  return { settings, notes };
}

/** A short digest of what the edit card can change, to notice a change made since a request was filed. */
export function policyFingerprint(resource: ProtectionPolicyResource): string {
  const p = (resource.properties ?? {}) as AzureIaaSVMProtectionPolicy;
  const owned = { schedule: p.schedulePolicy, retention: p.retentionPolicy, instant: p.instantRpRetentionRangeInDays, zone: p.timeZone, type: p.policyType };
  return createHash('sha256').update(JSON.stringify(owned, dateAsIso)).digest('hex').slice(0, 16);
}

function dateAsIso(_key: string, value: unknown): unknown {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) ? new Date(value).toISOString() : value;
}

function count<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}

function asWeekday(value: string | undefined): Weekday | undefined {
  return WEEKDAYS.find((day) => day === value);
}

function asMonth(value: string | undefined): Month | undefined {
  return MONTHS.find((month) => month === value);
}
