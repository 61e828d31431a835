import { DateTime } from 'luxon';
import { InvalidInputError } from './backupError';
import { quoted } from '../userText';

/**
 * "Backup now" asks for the last day to keep the recovery point (docs/design.md). Users say it as a length
 * (--keep 30d, 12w, 6m, 1y) or a date (--until 2027-01-31); the default is 30 days and Azure accepts
 * 1 day to 99 years.
 */

export const DEFAULT_RETENTION_DAYS = 30;
export const MAX_RETENTION_YEARS = 99;

export interface RetentionInput {
  keep?: string;
  until?: string;
}

export interface Retention {
  /** When the recovery point expires (recoveryPointExpiryTimeInUTC). */
  expiry: Date;
  /** Whole days from now to the expiry, for display. */
  days: number;
  source: 'default' | 'keep' | 'until';
  /** "30 days (until 2026-03-01)". */
  description: string;
}

const UNITS: Record<string, 'days' | 'weeks' | 'months' | 'years'> = {
  d: 'days',
  day: 'days',
  days: 'days',
  w: 'weeks',
  week: 'weeks',
  weeks: 'weeks',
  m: 'months',
  month: 'months',
  months: 'months',
  y: 'years',
  year: 'years',
  years: 'years',
};

/**
 * Turns --keep / --until into an expiry instant. `timeZone` (IANA) decides where "the end of
 * 2027-01-31" is; the recovery point is kept through that whole day.
 */
export function parseRetention(input: RetentionInput, now: Date, timeZone = 'UTC'): Retention {
  const keep = input.keep?.trim();
  const until = input.until?.trim();
  if (keep !== undefined && until !== undefined) {
    throw new InvalidInputError('Use either --keep or --until, not both.');
  }
  const start = DateTime.fromJSDate(now, { zone: timeZone });
  if (!start.isValid) throw new InvalidInputError(`${quoted(timeZone)} is not a time zone I know.`);
  if (keep !== undefined) return fromKeep(keep, start);
  if (until !== undefined) return fromUntil(until, start, timeZone);
  return build(start.plus({ days: DEFAULT_RETENTION_DAYS }), start, 'default');
}

function fromKeep(keep: string, start: DateTime): Retention {
  const match = /^(\d{1,5})\s*([a-z]+)$/i.exec(keep);
  const unit = match ? UNITS[match[2].toLowerCase()] : undefined;
  if (!match || !unit) {
    throw new InvalidInputError(`${quoted(keep)} is not a retention length: use a number and a unit, like 30d, 12w, 6m or 1y.`);
  }
  const amount = Number(match[1]);
  if (amount < 1) throw new InvalidInputError('The retention must be at least 1 day.');
  const expiry = start.plus({ [unit]: amount });
  checkRange(expiry, start);
  return build(expiry, start, 'keep');
}

function fromUntil(until: string, start: DateTime, timeZone: string): Retention {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(until)) {
    throw new InvalidInputError(`${quoted(until)} is not a date: write it as YYYY-MM-DD, for example 2027-01-31.`);
  }
  const day = DateTime.fromISO(until, { zone: timeZone });
  if (!day.isValid) throw new InvalidInputError(`${until} is not a real calendar date.`);
  if (day.startOf('day') <= start.startOf('day')) {
    throw new InvalidInputError(`${until} is ${day < start.startOf('day') ? 'in the past' : 'today'}: the recovery point must be kept at least until tomorrow.`);
  }
  const expiry = day.endOf('day').set({ millisecond: 0 });
  checkRange(expiry, start);
  return build(expiry, start, 'until');
}

function checkRange(expiry: DateTime, start: DateTime): void {
  if (expiry > start.plus({ years: MAX_RETENTION_YEARS }).endOf('day')) {
    throw new InvalidInputError(`Azure Backup keeps an on-demand recovery point for at most ${MAX_RETENTION_YEARS} years.`);
  }
  if (expiry < start.plus({ days: 1 }).startOf('day')) {
    throw new InvalidInputError('The retention must be at least 1 day.');
  }
}

function build(expiry: DateTime, start: DateTime, source: Retention['source']): Retention {
  const days = Math.max(1, Math.round(expiry.diff(start, 'days').days));
  return {
    expiry: expiry.toUTC().toJSDate(),
    days,
    source,
    description: `${days} day${days === 1 ? '' : 's'} (until ${expiry.toISODate()})`,
  };
}
