import { DateTime } from 'luxon';

/**
 * The one way cards show an instant: "Tue 1 Dec 2026 13:20 UTC", in the reader's configured zone
 * (DEFAULT_TIMEZONE, a digest's own zone) and always naming it, so a time on a card never needs
 * guessing next to Teams' own timestamps. Azure's "no time" sentinels (0001-01-01...) and
 * missing values read as `missing`.
 */
export const DATE_TIME_FORMAT = 'ccc d LLL yyyy HH:mm';

/** Years before this are Azure's placeholders, not times. */
const FIRST_REAL_YEAR = 1971;

export function formatDateTime(instant: string | Date | undefined, timeZone: string, missing = 'unknown'): string {
  if (instant === undefined || instant === '') return missing;
  const when = typeof instant === 'string' ? DateTime.fromISO(instant, { zone: timeZone }) : DateTime.fromJSDate(instant, { zone: timeZone });
  if (!when.isValid || when.year < FIRST_REAL_YEAR) return missing;
  return `${when.toFormat(DATE_TIME_FORMAT)} ${zoneLabel(timeZone)}`;
}

/** A day without a time ("Tue 31 Dec 2026"), for dates that are whole days (retention's last day). */
export function formatDate(instant: string | Date, timeZone: string): string {
  const when = typeof instant === 'string' ? DateTime.fromISO(instant, { zone: timeZone }) : DateTime.fromJSDate(instant, { zone: timeZone });
  return when.isValid ? when.toFormat('ccc d LLL yyyy') : 'unknown';
}

function zoneLabel(timeZone: string): string {
  return /^(utc|etc\/utc|z|gmt)$/i.test(timeZone) ? 'UTC' : timeZone;
}
