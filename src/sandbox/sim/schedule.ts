import { DateTime, IANAZone } from 'luxon';
import { findIana } from 'windows-iana';
import { DAY_MS, MINUTE_MS } from '../model/clock';

// When does a VM backup policy fire?
//
// A policy carries `timeZone` (a Windows id such as "W. Europe Standard Time") and run times such as
// "2024-01-01T22:00:00Z" whose date and time are a wall-clock value in that zone (the Z means nothing).
// Azure Backup does NOT follow daylight saving for VM policies: it turns that wall-clock value into
// UTC once, with the zone's offset in force at that date (the "reference date"), and runs at that UTC
// time all year. So a W. Europe 22:00 policy written with a January date runs at 21:00 UTC: 22:00 CET
// in winter, 23:00 CEST in summer. Shifting the policy by an hour is how users keep the local time
// across a DST change - what the bot's DST reminders are about. (Same model as src/backup/dst.ts.)

export class ScheduleError extends Error {}

export interface PolicySchedule {
  windowsZone: string;
  ianaZone: string;
  /** Minutes east of UTC at the run times' reference date: fixed for the whole year. */
  offsetMinutes: number;
  /** Local minutes after midnight (at that offset); may pass 1440 for windows crossing midnight. */
  minutesOfDay: number[];
  /** ISO weekdays (1 = Monday ... 7 = Sunday); undefined = every day. */
  weekdays?: Set<number>;
}

const WEEKDAYS: Record<string, number> = {
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
  sunday: 7,
};

export function windowsZoneToIana(windowsZone: string | undefined): string {
  if (windowsZone === undefined || windowsZone.trim() === '' || /^(utc|coordinated universal time)$/i.test(windowsZone.trim())) return 'UTC';
  const candidates = findIana(windowsZone.trim());
  const zone = candidates.find((candidate) => IANAZone.isValidZone(candidate));
  if (!zone) throw new ScheduleError(`'${windowsZone}' is not a Windows time zone id (for example "W. Europe Standard Time").`);
  return zone;
}

/** The zone's offset (minutes east of UTC) at a wall-clock date-time written in that zone. */
export function offsetAtReference(ianaZone: string, runTime: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(runTime);
  if (!match) throw new ScheduleError(`'${runTime}' is not an ISO date-time such as 2024-01-01T22:00:00Z.`);
  const [year, month, day, hour, minute] = match.slice(1, 6).map(Number);
  const local = DateTime.fromObject({ year, month, day, hour, minute }, { zone: ianaZone });
  if (!local.isValid) throw new ScheduleError(`'${runTime}' is not a valid date-time.`);
  return local.offset;
}

/** Reads a policy's schedule; undefined for policies that are not Azure IaaS VM schedules. */
export function parseSchedule(properties: Record<string, unknown>): PolicySchedule | undefined {
  if (String(properties.backupManagementType ?? '').toLowerCase() !== 'azureiaasvm') return undefined;
  const schedule = asRecord(properties.schedulePolicy);
  if (!schedule) throw new ScheduleError('schedulePolicy is required for an AzureIaasVM policy.');
  const windowsZone = typeof properties.timeZone === 'string' ? properties.timeZone : 'UTC';
  const ianaZone = windowsZoneToIana(windowsZone);
  const type = String(schedule.schedulePolicyType ?? '');
  const frequency = String(schedule.scheduleRunFrequency ?? '');
  let times: ScheduleTimes;
  if (type === 'SimpleSchedulePolicy') times = simpleV1(schedule, frequency);
  else if (type === 'SimpleSchedulePolicyV2') times = simpleV2(schedule, frequency);
  else throw new ScheduleError(`schedulePolicyType must be SimpleSchedulePolicy or SimpleSchedulePolicyV2 (got '${type}').`);
  const { reference, ...rest } = times;
  return { windowsZone, ianaZone, offsetMinutes: offsetAtReference(ianaZone, reference), ...rest };
}

/** Run times of a schedule plus the raw run time whose date anchors the UTC offset. */
type ScheduleTimes = Pick<PolicySchedule, 'minutesOfDay' | 'weekdays'> & { reference: string };

function simpleV1(schedule: Record<string, unknown>, frequency: string): ScheduleTimes {
  const minutesOfDay = runTimes(schedule.scheduleRunTimes, 'scheduleRunTimes');
  const reference = String((schedule.scheduleRunTimes as unknown[])[0]);
  if (frequency === 'Daily') return { minutesOfDay, reference };
  if (frequency === 'Weekly') return { minutesOfDay, reference, weekdays: runDays(schedule.scheduleRunDays, 'scheduleRunDays') };
  throw new ScheduleError(`scheduleRunFrequency must be Daily or Weekly for SimpleSchedulePolicy (got '${frequency}'); hourly needs an Enhanced (V2) policy.`);
}

function simpleV2(schedule: Record<string, unknown>, frequency: string): ScheduleTimes {
  if (frequency === 'Daily') {
    const daily = asRecord(schedule.dailySchedule);
    const minutesOfDay = runTimes(daily?.scheduleRunTimes, 'dailySchedule.scheduleRunTimes');
    return { minutesOfDay, reference: String((daily!.scheduleRunTimes as unknown[])[0]) };
  }
  if (frequency === 'Weekly') {
    const weekly = asRecord(schedule.weeklySchedule);
    return {
      minutesOfDay: runTimes(weekly?.scheduleRunTimes, 'weeklySchedule.scheduleRunTimes'),
      reference: String((weekly!.scheduleRunTimes as unknown[])[0]),
      weekdays: runDays(weekly?.scheduleRunDays, 'weeklySchedule.scheduleRunDays'),
    };
  }
  if (frequency === 'Hourly') {
    const hourly = asRecord(schedule.hourlySchedule);
    return { minutesOfDay: hourlyWindow(hourly), reference: String(hourly?.scheduleWindowStartTime) };
  }
  throw new ScheduleError(`scheduleRunFrequency must be Hourly, Daily or Weekly (got '${frequency}').`);
}

function hourlyWindow(hourly: Record<string, unknown> | undefined): number[] {
  const interval = Number(hourly?.interval);
  const duration = Number(hourly?.scheduleWindowDuration);
  if (![4, 6, 8, 12].includes(interval)) throw new ScheduleError('hourlySchedule.interval must be 4, 6, 8 or 12 hours.');
  if (!Number.isInteger(duration) || duration < interval || duration > 24) {
    throw new ScheduleError('hourlySchedule.scheduleWindowDuration must be a whole number of hours from the interval up to 24.');
  }
  const start = timeOfDay(hourly?.scheduleWindowStartTime, 'hourlySchedule.scheduleWindowStartTime');
  const minutes: number[] = [];
  for (let offset = 0; offset < duration; offset += interval) minutes.push(start + offset * 60);
  return minutes;
}

function runTimes(value: unknown, field: string): number[] {
  if (!Array.isArray(value) || value.length === 0) throw new ScheduleError(`${field} must list at least one run time.`);
  return [...new Set(value.map((item) => timeOfDay(item, field)))].sort((a, b) => a - b);
}

function runDays(value: unknown, field: string): Set<number> {
  if (!Array.isArray(value) || value.length === 0) throw new ScheduleError(`${field} must list at least one day for a weekly schedule.`);
  return new Set(
    value.map((day) => {
      const weekday = WEEKDAYS[String(day).toLowerCase()];
      if (!weekday) throw new ScheduleError(`${field}: '${String(day)}' is not a day of the week.`);
      return weekday;
    }),
  );
}

/** The time of day as written in an ISO date-time ("...T22:30:00Z" -> 22*60+30). */
function timeOfDay(value: unknown, field: string): number {
  const match = typeof value === 'string' ? /T(\d{2}):(\d{2})/.exec(value) : null;
  if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) {
    throw new ScheduleError(`${field}: '${String(value)}' is not an ISO date-time such as 2024-01-01T22:00:00Z.`);
  }
  return Number(match[1]) * 60 + Number(match[2]);
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

// --- enumerating fire times -------------------------------------------------------------------

function localDayIndex(schedule: PolicySchedule, ms: number): number {
  return Math.floor((ms + schedule.offsetMinutes * MINUTE_MS) / DAY_MS);
}

/** 1 January 1970 was a Thursday (ISO weekday 4). */
function weekdayOfDayIndex(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

function firesOfDay(schedule: PolicySchedule, day: number): number[] {
  if (schedule.weekdays && !schedule.weekdays.has(weekdayOfDayIndex(day))) return [];
  return schedule.minutesOfDay.map((minutes) => day * DAY_MS + (minutes - schedule.offsetMinutes) * MINUTE_MS);
}

/** Fire times t with fromMs < t <= toMs, in order. */
export function fireTimesBetween(schedule: PolicySchedule, fromMs: number, toMs: number): number[] {
  const times: number[] = [];
  for (let day = localDayIndex(schedule, fromMs) - 1; day <= localDayIndex(schedule, toMs) + 1; day++) {
    for (const time of firesOfDay(schedule, day)) if (time > fromMs && time <= toMs) times.push(time);
  }
  return times.sort((a, b) => a - b);
}

export function nextFireTime(schedule: PolicySchedule, afterMs: number): number | undefined {
  const first = localDayIndex(schedule, afterMs) - 1;
  for (let day = first; day <= first + 9; day++) {
    const time = firesOfDay(schedule, day).find((candidate) => candidate > afterMs);
    if (time !== undefined) return time;
  }
  return undefined;
}

/** The `count` most recent fire times strictly before `beforeMs`, newest first. */
export function previousFireTimes(schedule: PolicySchedule, beforeMs: number, count: number): number[] {
  if (count <= 0) return [];
  const times: number[] = [];
  const lastDay = localDayIndex(schedule, beforeMs) + 1;
  // Go back day by day; two extra days keep windows that cross midnight in order.
  let extraDays = 2;
  for (let day = lastDay; day > lastDay - 4000 && extraDays >= 0; day--) {
    for (const time of firesOfDay(schedule, day)) if (time < beforeMs) times.push(time);
    if (times.length >= count) extraDays--;
  }
  return times.sort((a, b) => b - a).slice(0, count);
}
