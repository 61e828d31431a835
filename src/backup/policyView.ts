import type {
  AzureIaaSVMProtectionPolicy,
  LongTermRetentionPolicy,
  ProtectionPolicyResource,
  SimpleSchedulePolicy,
  SimpleSchedulePolicyV2,
} from '@azure/arm-recoveryservicesbackup';
import { parseVaultId } from './armIds';
import { InvalidInputError } from './backupError';
import { effectiveUtcRunTimes, ianaZoneFor, nextDstEffect, parseClockTime, formatClockTime, type DstEffect, type RunTimeView } from './dst';
import type { PolicyView, RetentionRule, RetentionTier } from './views';

/**
 * Reads an Azure VM backup policy (V1 SimpleSchedulePolicy or V2 SimpleSchedulePolicyV2 with a
 * LongTermRetentionPolicy) into a PolicyView, and rewrites its run times for a schedule change.
 * Run times are stored as dates whose UTC fields are the wall-clock time in the policy's time zone.
 */

type AnyDate = Date | string;

export interface PolicySchedule {
  kind: 'V1' | 'V2';
  frequency: PolicyView['frequency'];
  runTimes: string[];
  runDays: string[];
  /** Date part of the stored run times (anchors the UTC offset, see dst.ts). */
  referenceDate?: string;
  hourly?: PolicyView['hourly'];
}

export function isVmPolicy(resource: ProtectionPolicyResource): boolean {
  return resource.properties?.backupManagementType === 'AzureIaasVM';
}

export function readSchedule(policy: AzureIaaSVMProtectionPolicy): PolicySchedule {
  const schedule = policy.schedulePolicy;
  if (schedule?.schedulePolicyType === 'SimpleSchedulePolicyV2') return readV2(schedule as SimpleSchedulePolicyV2);
  const simple = (schedule ?? {}) as SimpleSchedulePolicy;
  return {
    kind: 'V1',
    frequency: frequencyOf(simple.scheduleRunFrequency),
    runTimes: (simple.scheduleRunTimes ?? []).map(clockOf),
    runDays: simple.scheduleRunDays ?? [],
    referenceDate: referenceDateOf(simple.scheduleRunTimes),
  };
}

function readV2(schedule: SimpleSchedulePolicyV2): PolicySchedule {
  const frequency = frequencyOf(schedule.scheduleRunFrequency);
  if (frequency === 'Hourly' && schedule.hourlySchedule) {
    const start = schedule.hourlySchedule.scheduleWindowStartTime;
    return {
      kind: 'V2',
      frequency,
      runTimes: start ? [clockOf(start)] : [],
      runDays: [],
      referenceDate: referenceDateOf(start ? [start] : undefined),
      hourly: {
        intervalHours: schedule.hourlySchedule.interval ?? 0,
        windowStart: start ? clockOf(start) : '',
        windowHours: schedule.hourlySchedule.scheduleWindowDuration ?? 0,
      },
    };
  }
  const times = frequency === 'Weekly' ? schedule.weeklySchedule?.scheduleRunTimes : schedule.dailySchedule?.scheduleRunTimes;
  return {
    kind: 'V2',
    frequency,
    runTimes: (times ?? []).map(clockOf),
    runDays: frequency === 'Weekly' ? (schedule.weeklySchedule?.scheduleRunDays ?? []) : [],
    referenceDate: referenceDateOf(times),
  };
}

function frequencyOf(value: string | undefined): PolicyView['frequency'] {
  return value === 'Daily' || value === 'Weekly' || value === 'Hourly' ? value : 'Unknown';
}

function asDate(value: AnyDate): Date {
  return value instanceof Date ? value : new Date(value);
}

/** HH:MM from the UTC fields (the stored value is a wall-clock time despite its "Z"). */
function clockOf(value: AnyDate): string {
  const date = asDate(value);
  return formatClockTime(date.getUTCHours() * 60 + date.getUTCMinutes());
}

function referenceDateOf(values: AnyDate[] | undefined): string | undefined {
  const first = values?.[0];
  if (first === undefined) return undefined;
  const date = asDate(first);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().slice(0, 10);
}

export function readRetention(policy: AzureIaaSVMProtectionPolicy): RetentionRule[] {
  const retention = policy.retentionPolicy;
  if (retention?.retentionPolicyType !== 'LongTermRetentionPolicy') return [];
  const long = retention as LongTermRetentionPolicy;
  const rules: RetentionRule[] = [];
  const add = (tier: RetentionTier, duration: { count?: number; durationType?: string } | undefined) => {
    if (duration?.count !== undefined) rules.push({ tier, count: duration.count, unit: duration.durationType ?? '' });
  };
  add('daily', long.dailySchedule?.retentionDuration);
  add('weekly', long.weeklySchedule?.retentionDuration);
  add('monthly', long.monthlySchedule?.retentionDuration);
  add('yearly', long.yearlySchedule?.retentionDuration);
  return rules;
}

export function summariseRetention(rules: RetentionRule[]): string {
  if (rules.length === 0) return 'no retention rule';
  return rules.map((rule) => `${rule.tier} ${rule.count} ${rule.unit.toLowerCase() || 'units'}`).join(', ');
}

export function toPolicyView(resource: ProtectionPolicyResource, now: Date): PolicyView {
  const policy = (resource.properties ?? { backupManagementType: 'AzureIaasVM' }) as AzureIaaSVMProtectionPolicy;
  const schedule = readSchedule(policy);
  const vault = parseVaultId(resource.id ?? '');
  const timeZone = policy.timeZone ?? 'UTC';
  const retention = readRetention(policy);
  const zone = safeZone(timeZone);
  const clock = { runTimes: schedule.runTimes, referenceDate: schedule.referenceDate, timeZone };
  return {
    name: resource.name ?? '',
    id: resource.id ?? '',
    vault: vault?.name ?? '',
    vaultId: vault ? vaultIdOf(resource.id ?? '') : '',
    subscriptionId: vault?.subscriptionId ?? '',
    resourceGroup: vault?.resourceGroup ?? '',
    kind: schedule.kind,
    frequency: schedule.frequency,
    runTimes: schedule.runTimes,
    runDays: schedule.runDays,
    hourly: schedule.hourly,
    timeZone,
    ianaZone: zone,
    utcRunTimes: zone ? safeUtc(clock) : [],
    instantRestoreDays: policy.instantRpRetentionRangeInDays,
    retention,
    retentionSummary: summariseRetention(retention),
    protectedItemsCount: policy.protectedItemsCount ?? 0,
    nextDst: zone && schedule.runTimes.length > 0 ? safeDst(clock, now) : undefined,
  };
}

function safeZone(timeZone: string): string | undefined {
  try {
    return ianaZoneFor(timeZone);
  } catch {
    return undefined;
  }
}

function safeUtc(clock: { runTimes: string[]; referenceDate?: string; timeZone: string }): RunTimeView[] {
  try {
    return effectiveUtcRunTimes(clock);
  } catch {
    return [];
  }
}

function safeDst(clock: { runTimes: string[]; referenceDate?: string; timeZone: string }, now: Date): DstEffect | undefined {
  try {
    return nextDstEffect(clock, now);
  } catch {
    return undefined;
  }
}

function vaultIdOf(id: string): string {
  const match = /^(.*?\/vaults\/[^/]+)/i.exec(id);
  return match ? match[1] : id;
}

const WEEK = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

function shiftDays<T extends string>(days: T[] | undefined, shift: number): T[] | undefined {
  if (!days || shift === 0) return days;
  return days.map((day) => {
    const index = WEEK.indexOf(day as (typeof WEEK)[number]);
    return (index < 0 ? day : WEEK[(index + shift + 7) % 7]) as T;
  });
}

/**
 * A copy of the policy with new run times (HH:MM, policy time zone) and every other field kept,
 * timeZone included. Retention times follow the run times, as Azure requires them to match (the
 * portal and Az PowerShell do the same). `dayShift` moves weekly run days when a shift crossed
 * midnight.
 */
export function withRunTimes(policy: AzureIaaSVMProtectionPolicy, runTimes: string[], dayShift: -1 | 0 | 1 = 0): AzureIaaSVMProtectionPolicy {
  const schedule = readSchedule(policy);
  if (schedule.frequency === 'Hourly') {
    throw new InvalidInputError('This policy runs hourly: change its schedule window in the Azure portal, the bot only moves daily and weekly run times.');
  }
  if (schedule.frequency === 'Unknown') throw new InvalidInputError('I cannot read the schedule of this policy, so I will not change it.');
  if (runTimes.length === 0 || runTimes.length !== Math.max(1, schedule.runTimes.length)) {
    throw new InvalidInputError(`This policy has ${schedule.runTimes.length} run time${schedule.runTimes.length === 1 ? '' : 's'}; give exactly as many new times.`);
  }
  const reference = schedule.referenceDate ?? new Date().toISOString().slice(0, 10);
  const dates = runTimes.map((time) => new Date(`${reference}T${formatClockTime(parseClockTime(time))}:00Z`));
  const copy = structuredClone(policy);
  const weeklyShift = schedule.frequency === 'Weekly' ? dayShift : 0;

  if (copy.schedulePolicy?.schedulePolicyType === 'SimpleSchedulePolicyV2') {
    const v2 = copy.schedulePolicy as SimpleSchedulePolicyV2;
    if (schedule.frequency === 'Weekly' && v2.weeklySchedule) {
      v2.weeklySchedule.scheduleRunTimes = dates;
      v2.weeklySchedule.scheduleRunDays = shiftDays(v2.weeklySchedule.scheduleRunDays, weeklyShift);
    } else if (v2.dailySchedule) {
      v2.dailySchedule.scheduleRunTimes = dates;
    }
  } else if (copy.schedulePolicy) {
    const v1 = copy.schedulePolicy as SimpleSchedulePolicy;
    v1.scheduleRunTimes = dates;
    v1.scheduleRunDays = shiftDays(v1.scheduleRunDays, weeklyShift);
  }

  if (copy.retentionPolicy?.retentionPolicyType === 'LongTermRetentionPolicy') {
    const long = copy.retentionPolicy as LongTermRetentionPolicy;
    for (const tier of [long.dailySchedule, long.weeklySchedule, long.monthlySchedule, long.yearlySchedule]) {
      if (tier?.retentionTimes) tier.retentionTimes = dates.map((date) => new Date(date));
    }
    if (long.weeklySchedule) long.weeklySchedule.daysOfTheWeek = shiftDays(long.weeklySchedule.daysOfTheWeek, weeklyShift);
    for (const tier of [long.monthlySchedule, long.yearlySchedule]) {
      if (tier?.retentionScheduleWeekly) tier.retentionScheduleWeekly.daysOfTheWeek = shiftDays(tier.retentionScheduleWeekly.daysOfTheWeek, weeklyShift);
    }
  }
  return copy;
}
