import { Duration } from 'luxon';

const TIME_ONLY = /^PT(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?$/i;

/**
 * Azure reports durations two ways: ISO 8601 on jobs ("PT12.4272909S") and .NET TimeSpan text on
 * tasks ("00:05:12.1234567", "1.02:00:00"). Both become seconds; anything else is undefined.
 */
export function parseDurationSeconds(text: string | undefined | null): number | undefined {
  if (text === undefined || text === null) return undefined;
  const value = text.trim();
  if (value === '') return undefined;
  if (/^P/i.test(value)) {
    // Jobs carry only hours, minutes and seconds ("PT1H15M", "PT12.4272909S"): read those directly,
    // luxon for the rest (days, weeks, months). A listing parses 200 of them (issue 16).
    const time = TIME_ONLY.exec(value);
    if (time !== null && (time[1] ?? time[2] ?? time[3]) !== undefined) return Number(time[1] ?? 0) * 3_600 + Number(time[2] ?? 0) * 60 + Number(time[3] ?? 0);
    const iso = Duration.fromISO(value.toUpperCase());
    return iso.isValid ? Math.max(0, iso.as('seconds')) : undefined;
  }
  const timeSpan = /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d+))?$/.exec(value);
  if (timeSpan === null) return undefined;
  const [, days, hours, minutes, seconds, fraction] = timeSpan;
  const whole = Number(days ?? 0) * 86_400 + Number(hours) * 3_600 + Number(minutes) * 60 + Number(seconds);
  return whole + (fraction ? Number(`0.${fraction}`) : 0);
}

/** "2 d 3 h", "1 h 5 min", "4 min 10 s", "12 s": the two largest units, rounded down. */
export function formatDuration(totalSeconds: number | undefined): string {
  if (totalSeconds === undefined || !Number.isFinite(totalSeconds) || totalSeconds < 0) return '';
  let rest = Math.floor(totalSeconds);
  const units: Array<[string, number]> = [
    ['d', 86_400],
    ['h', 3_600],
    ['min', 60],
    ['s', 1],
  ];
  const parts: string[] = [];
  for (const [label, size] of units) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0 || parts.length > 0) parts.push(`${count} ${label}`);
    if (parts.length === 2) break;
  }
  const shown = parts.filter((part) => !part.startsWith('0 '));
  return shown.length > 0 ? shown.join(' ') : '0 s';
}

/** Seconds between two instants, or undefined when either is missing or they are out of order. */
export function secondsBetween(start: Date | undefined, end: Date | undefined): number | undefined {
  if (start === undefined || end === undefined) return undefined;
  const seconds = (end.getTime() - start.getTime()) / 1000;
  return seconds >= 0 ? seconds : undefined;
}
