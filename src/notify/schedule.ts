import { formatDateTime } from '../bot/dateTime';
import { parseExpression } from 'cron-parser';
import { IANAZone } from 'luxon';
import { plainUserText, quoted } from '../userText';

/** A digest schedule as stored: a 5-field cron evaluated in an IANA zone, plus what the user typed. */
export interface DigestSchedule {
  cron: string;
  timeZone: string;
  /** Human wording shown back to users ("weekdays at 08:00" or the cron itself). */
  label: string;
}

/** Input that cannot become a schedule; the message is a sentence for the user. */
export class ScheduleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScheduleError';
  }
}

export const SCHEDULE_EXAMPLES = ['daily 08:00', 'weekdays 08:00 Europe/Paris', 'mondays 09:30', '0 8 * * 1-5 Europe/Paris'];

const DAY_SETS: Record<string, { dow: string; label: string }> = {
  daily: { dow: '*', label: 'every day' },
  everyday: { dow: '*', label: 'every day' },
  weekdays: { dow: '1-5', label: 'weekdays' },
  weekends: { dow: '0,6', label: 'weekends' },
  sundays: { dow: '0', label: 'Sundays' },
  mondays: { dow: '1', label: 'Mondays' },
  tuesdays: { dow: '2', label: 'Tuesdays' },
  wednesdays: { dow: '3', label: 'Wednesdays' },
  thursdays: { dow: '4', label: 'Thursdays' },
  fridays: { dow: '5', label: 'Fridays' },
  saturdays: { dow: '6', label: 'Saturdays' },
};

/**
 * Parses `daily 08:00`, `weekdays 8:00`, `mondays at 09:30` or a 5-field cron, optionally followed
 * by an IANA zone (`Europe/Paris`, `UTC`). Words come from the command line, so a cron may arrive
 * as five words or one quoted word.
 */
export function parseDigestSchedule(words: readonly string[], defaultTimeZone: string): DigestSchedule {
  const tokens = words.flatMap((w) => w.trim().split(/\s+/)).filter((w) => w !== '');
  if (tokens.length === 0) {
    throw new ScheduleError(`Say when the digest should arrive, for example: ${SCHEDULE_EXAMPLES.map((e) => `**${e}**`).join(', ')}.`);
  }
  let timeZone = defaultTimeZone;
  const last = tokens[tokens.length - 1];
  if (looksLikeZone(last)) {
    timeZone = canonicalZone(last);
    tokens.pop();
  }
  const { cron, label } = parseScheduleWords(tokens);
  checkInterval(cron, timeZone);
  return { cron, timeZone, label };
}

/** The IANA name with its canonical spelling, or a ScheduleError naming the bad zone. */
export function canonicalZone(zone: string): string {
  if (!IANAZone.isValidZone(zone)) {
    throw new ScheduleError(`${quoted(zone)} is not a time zone I know. Use an IANA name such as Europe/Paris, America/New_York or UTC.`);
  }
  if (zone.toUpperCase() === 'UTC') return 'UTC';
  return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
}

// Cron fields with a slash start with a digit or `*` (`*/15`); zones start with a letter (`Europe/Paris`).
function looksLikeZone(token: string): boolean {
  return /^(utc|gmt)$/i.test(token) || /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)+$/.test(token);
}

function parseScheduleWords(tokens: string[]): { cron: string; label: string } {
  const friendly = parseFriendly(tokens);
  if (friendly) return friendly;
  if (tokens.length === 5) return { cron: validateCron(tokens.join(' ')), label: `cron ${tokens.join(' ')}` };
  if (tokens.length === 6 && tokens.every((t) => /^[\d*,/\-A-Za-z?]+$/.test(t))) {
    throw new ScheduleError('Cron expressions here have 5 fields (minute hour day-of-month month day-of-week); seconds are not supported.');
  }
  throw new ScheduleError(
    `I could not read ${quoted(tokens.join(' '))} as a schedule. Use **daily HH:MM**, **weekdays HH:MM**, **mondays HH:MM** (any day of the week, plural) or a 5-field cron such as **0 8 * * 1-5**, optionally followed by a time zone.`,
  );
}

function parseFriendly(tokens: string[]): { cron: string; label: string } | undefined {
  const words = tokens.map((t) => t.toLowerCase()).filter((t) => t !== 'at');
  if (words[0] === 'every' && words[1] === 'day') words.splice(0, 2, 'daily');
  const days = DAY_SETS[words[0] ?? ''] ?? DAY_SETS[`${words[0] ?? ''}s`];
  if (days === undefined) return undefined;
  if (words.length === 3) canonicalZone(tokens[tokens.length - 1]);
  if (words.length !== 2) throw new ScheduleError(`Give one time after ${quoted(tokens[0])}, for example **${plainUserText(tokens[0])} 08:00**.`);
  const time = /^([01]?\d|2[0-3])[:h.]([0-5]\d)$/.exec(words[1]);
  if (time === null) throw new ScheduleError(`${quoted(words[1])} is not a time of day. Use 24-hour HH:MM, for example 08:00 or 17:30.`);
  const hour = Number(time[1]);
  const minute = Number(time[2]);
  const hhmm = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  return { cron: `${minute} ${hour} * * ${days.dow}`, label: `${days.label} at ${hhmm}` };
}

function validateCron(expression: string): string {
  try {
    parseExpression(expression, { tz: 'UTC' }).next();
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new ScheduleError(`${quoted(expression)} is not a valid cron expression (${detail}). Fields: minute hour day-of-month month day-of-week, for example 0 8 * * 1-5.`);
  }
  return expression;
}

// With one minute value the schedule fires at most once per hour, whatever the other fields say.
function checkInterval(cron: string, timeZone: string): void {
  const minutes = parseExpression(cron, { tz: timeZone }).fields.minute;
  if (minutes.length > 1) {
    throw new ScheduleError('That schedule fires more than once an hour; a digest can come at most hourly. Try **daily 08:00** or **0 8 * * 1-5**.');
  }
}

/** The first fire time strictly after `after`. */
export function nextFireTime(schedule: Pick<DigestSchedule, 'cron' | 'timeZone'>, after: Date): Date {
  return parseExpression(schedule.cron, { tz: schedule.timeZone, currentDate: after }).next().toDate();
}

/**
 * The latest fire time in (since, now], or undefined when none is due. After downtime only the latest
 * missed occurrence is returned: one digest covers the whole gap instead of a burst of them.
 */
export function dueFireTime(schedule: Pick<DigestSchedule, 'cron' | 'timeZone'>, since: Date, now: Date): Date | undefined {
  let due: Date | undefined;
  let candidate = nextFireTime(schedule, since);
  // The schedule fires at most hourly, so a year of downtime is under 9,000 steps.
  for (let i = 0; i < 10_000 && candidate.getTime() <= now.getTime(); i++) {
    due = candidate;
    candidate = nextFireTime(schedule, candidate);
  }
  return due;
}

/** "Mon 30 Mar 08:00 Europe/Paris" for cards. */
export function formatInZone(instant: Date, timeZone: string): string {
  return formatDateTime(instant, timeZone);
}
