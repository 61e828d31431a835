import { DateTime } from 'luxon';
import {
  fireTimesBetween,
  nextFireTime,
  parseSchedule,
  previousFireTimes,
  ScheduleError,
  offsetAtReference,
  windowsZoneToIana,
} from '../../../src/sandbox/sim/schedule';

const at = (iso: string) => Date.parse(iso);
const isoOf = (ms: number) => new Date(ms).toISOString();

function daily(timeZone: string | undefined, time: string): Record<string, unknown> {
  return {
    backupManagementType: 'AzureIaasVM',
    timeZone,
    schedulePolicy: { schedulePolicyType: 'SimpleSchedulePolicy', scheduleRunFrequency: 'Daily', scheduleRunTimes: [`2018-01-24T${time}:00Z`] },
  };
}

describe('policy schedules', () => {
  it('maps Windows time zone ids to IANA zones, UTC when absent', () => {
    expect(windowsZoneToIana('W. Europe Standard Time')).toBe('Europe/Berlin');
    expect(windowsZoneToIana('Eastern Standard Time')).toBe('America/New_York');
    expect(windowsZoneToIana(undefined)).toBe('UTC');
    expect(windowsZoneToIana('UTC')).toBe('UTC');
    expect(() => windowsZoneToIana('Mars Standard Time')).toThrow(ScheduleError);
  });

  it('takes the UTC offset in force at the run time\'s own date (north and south of the equator)', () => {
    expect(offsetAtReference('Europe/Berlin', '2024-01-01T22:00:00Z')).toBe(60);
    expect(offsetAtReference('Europe/Berlin', '2024-07-01T22:00:00Z')).toBe(120);
    expect(offsetAtReference('America/New_York', '2024-01-01T21:00:00Z')).toBe(-300);
    expect(offsetAtReference('Australia/Sydney', '2024-01-01T21:00:00Z')).toBe(660);
    expect(offsetAtReference('Asia/Kolkata', '2024-01-01T21:00:00Z')).toBe(330);
  });

  it('keeps the UTC run time fixed all year: a summer-dated W. Europe 22:00 runs at 20:00 UTC (22:00 CEST, 21:00 CET)', () => {
    const schedule = parseSchedule({ ...daily('W. Europe Standard Time', '22:00'), schedulePolicy: { schedulePolicyType: 'SimpleSchedulePolicy', scheduleRunFrequency: 'Daily', scheduleRunTimes: ['2024-07-01T22:00:00Z'] } })!;
    expect(isoOf(nextFireTime(schedule, at('2025-01-10T12:00:00Z'))!)).toBe('2025-01-10T20:00:00.000Z');
    expect(isoOf(nextFireTime(schedule, at('2025-07-10T12:00:00Z'))!)).toBe('2025-07-10T20:00:00.000Z');
  });

  it('fires a W. Europe 22:00 policy at 21:00 UTC all year: 22:00 local in winter, 23:00 local in summer (no DST adjustment)', () => {
    const schedule = parseSchedule(daily('W. Europe Standard Time', '22:00'))!;
    const winter = nextFireTime(schedule, at('2025-01-10T12:00:00Z'))!;
    const summer = nextFireTime(schedule, at('2025-07-10T12:00:00Z'))!;
    expect(isoOf(winter)).toBe('2025-01-10T21:00:00.000Z');
    expect(isoOf(summer)).toBe('2025-07-10T21:00:00.000Z');
    expect(DateTime.fromMillis(winter, { zone: 'Europe/Paris' }).hour).toBe(22);
    expect(DateTime.fromMillis(summer, { zone: 'Europe/Paris' }).hour).toBe(23);
  });

  it('fires an Eastern 21:00 policy at 02:00 UTC the next day', () => {
    const schedule = parseSchedule(daily('Eastern Standard Time', '21:00'))!;
    expect(isoOf(nextFireTime(schedule, at('2025-03-01T00:00:00Z'))!)).toBe('2025-03-01T02:00:00.000Z');
  });

  it('enumerates fire times in a range, excluding the start and including the end', () => {
    const schedule = parseSchedule(daily('UTC', '03:30'))!;
    const times = fireTimesBetween(schedule, at('2025-01-01T03:30:00Z'), at('2025-01-04T03:30:00Z')).map(isoOf);
    expect(times).toEqual(['2025-01-02T03:30:00.000Z', '2025-01-03T03:30:00.000Z', '2025-01-04T03:30:00.000Z']);
  });

  it('fires weekly schedules on their days only', () => {
    const schedule = parseSchedule(
      {
        backupManagementType: 'AzureIaasVM',
        timeZone: 'UTC',
        schedulePolicy: { schedulePolicyType: 'SimpleSchedulePolicy', scheduleRunFrequency: 'Weekly', scheduleRunDays: ['Sunday', 'Wednesday'], scheduleRunTimes: ['2024-01-07T02:00:00Z'] },
      })!;
    const times = fireTimesBetween(schedule, at('2025-01-01T00:00:00Z'), at('2025-01-15T00:00:00Z')).map((ms) => new Date(ms).getUTCDay());
    expect(times).toEqual([3, 0, 3, 0]);
  });

  it('fires Enhanced hourly windows every interval within the window', () => {
    const schedule = parseSchedule(
      {
        backupManagementType: 'AzureIaasVM',
        policyType: 'V2',
        timeZone: 'UTC',
        schedulePolicy: {
          schedulePolicyType: 'SimpleSchedulePolicyV2',
          scheduleRunFrequency: 'Hourly',
          hourlySchedule: { interval: 4, scheduleWindowStartTime: '2024-01-01T08:00:00Z', scheduleWindowDuration: 12 },
        },
      })!;
    const hours = fireTimesBetween(schedule, at('2025-01-01T00:00:00Z'), at('2025-01-01T23:59:00Z')).map((ms) => new Date(ms).getUTCHours());
    expect(hours).toEqual([8, 12, 16]);
  });

  it('lists previous fire times newest first, even across midnight windows', () => {
    const schedule = parseSchedule(daily('UTC', '23:30'))!;
    const previous = previousFireTimes(schedule, at('2025-01-10T12:00:00Z'), 3).map(isoOf);
    expect(previous).toEqual(['2025-01-09T23:30:00.000Z', '2025-01-08T23:30:00.000Z', '2025-01-07T23:30:00.000Z']);
  });

  it('rejects schedules Azure would reject, with the field named', () => {
    expect(() => parseSchedule({ backupManagementType: 'AzureIaasVM' })).toThrow(/schedulePolicy is required/);
    expect(() => parseSchedule(daily('UTC', '25:00'))).toThrow(/scheduleRunTimes/);
    expect(() =>
      parseSchedule({ backupManagementType: 'AzureIaasVM', schedulePolicy: { schedulePolicyType: 'SimpleSchedulePolicy', scheduleRunFrequency: 'Hourly', scheduleRunTimes: ['2024-01-01T01:00:00Z'] } }),
    ).toThrow(/Enhanced \(V2\)/);
    expect(() => parseSchedule(daily('Nowhere Time', '01:00'))).toThrow(/not a Windows time zone/);
  });

  it('ignores policies that are not Azure VM policies', () => {
    expect(parseSchedule({ backupManagementType: 'AzureStorage' })).toBeUndefined();
  });
});
