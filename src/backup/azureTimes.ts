/**
 * Times as Azure Backup really sends them (test/fixtures/azure-recordings/FINDINGS.md (a), (c), (j)):
 * - "0001-01-01T00:00:00" (no Z, no fraction) means "not yet": a task not started or not ended, an
 *   operation still running. The SDK turns it into a Date of year 1 (or year 0 west of UTC).
 * - "2001-01-01T00:00:00Z" is the lastBackupTime of an item that has never been backed up.
 * Neither is a time to show; both become undefined here, as do unparsable values.
 */

/** Milliseconds of the never-backed-up sentinel 2001-01-01T00:00:00Z. */
const NEVER_BACKED_UP_MS = Date.UTC(2001, 0, 1, 0, 0, 0);

/** A service time, or undefined for the "not yet" sentinel and for anything that is not a date. */
export function serviceTime(value: Date | string | null | undefined): Date | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const date = value instanceof Date ? value : new Date(typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(value) ? `${value}Z` : value);
  if (Number.isNaN(date.getTime())) return undefined;
  // Year 1 in UTC, or the last day of year 0 when a zone-less sentinel was read as local time.
  if (date.getUTCFullYear() <= 1) return undefined;
  return date;
}

/** An item's lastBackupTime, or undefined when Azure says "never backed up" (the 2001 sentinel). */
export function lastBackupTimeOf(value: Date | string | null | undefined): Date | undefined {
  const date = serviceTime(value);
  return date === undefined || date.getTime() === NEVER_BACKED_UP_MS ? undefined : date;
}

export function isoOrUndefined(date: Date | undefined): string | undefined {
  return date?.toISOString();
}
