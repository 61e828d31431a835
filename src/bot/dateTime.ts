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

/**
 * An ISO instant that names its offset ("...Z", "...+02:00"): one point in time whatever the zone,
 * so `Date` reads it exactly as luxon would. Zone-less text means a wall time in `timeZone` and
 * stays with luxon.
 */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

export function formatDateTime(instant: string | Date | undefined, timeZone: string, missing = 'unknown'): string {
  if (instant === undefined || instant === '') return missing;
  const fast = instantOf(instant);
  const formatter = fast === undefined ? undefined : formatterFor(timeZone);
  // Cards list many times (a jobs page, a digest): one cached Intl formatter per zone instead of a
  // luxon parse, zone conversion and format per value (issue 16: jobs <vault>, bench/profiles/).
  if (fast !== undefined && formatter !== undefined) return withFormatter(fast, formatter, timeZone, missing);
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

/** The instant a Date or an offset-carrying ISO text names; undefined sends the value to luxon. */
function instantOf(instant: string | Date): Date | undefined {
  if (typeof instant === 'string' && !ISO_INSTANT.test(instant)) return undefined;
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** One formatter per zone, built on first use; undefined for a zone Intl does not know (luxon says "invalid"). */
const formatters = new Map<string, Intl.DateTimeFormat | undefined>();

function formatterFor(timeZone: string): Intl.DateTimeFormat | undefined {
  if (formatters.has(timeZone)) return formatters.get(timeZone);
  let formatter: Intl.DateTimeFormat | undefined;
  try {
    // English names as luxon's en-US tables give them ("Tue", "Dec"), 00-23 hours.
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  } catch {
    formatter = undefined;
  }
  formatters.set(timeZone, formatter);
  return formatter;
}

/**
 * Texts by zone and minute: a card lists many jobs of the same scheduled minutes, and a page is
 * rendered two or three times while it is fitted under Teams' size limit. Bounded: cleared when full.
 */
const texts = new Map<string, string>();
const MAX_TEXTS = 5_000;

function withFormatter(instant: Date, formatter: Intl.DateTimeFormat, timeZone: string, missing: string): string {
  const key = `${timeZone} ${Math.floor(instant.getTime() / 60_000)}`;
  const known = texts.get(key);
  if (known !== undefined) return known === '' ? missing : known;
  const text = formatted(instant, formatter, timeZone);
  if (texts.size >= MAX_TEXTS) texts.clear();
  texts.set(key, text);
  return text === '' ? missing : text;
}

/** The card text of an instant, '' for a placeholder year. */
function formatted(instant: Date, formatter: Intl.DateTimeFormat, timeZone: string): string {
  const part: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const { type, value } of formatter.formatToParts(instant)) part[type] = value;
  if (Number(part.year) < FIRST_REAL_YEAR) return '';
  return `${part.weekday} ${part.day} ${part.month} ${part.year} ${part.hour}:${part.minute} ${zoneLabel(timeZone)}`;
}
