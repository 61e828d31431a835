// Date and duration formats as Recovery Services writes them (FINDINGS.md (j)).

/** UTC with up to 7 fractional digits, trailing zeros dropped (.NET "o" trimmed): 2022-05-16T14:28:23.55Z. */
export function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.?0+Z$/, 'Z');
}

/** ISO 8601 duration the way .NET TimeSpan serialises it in ARM, e.g. PT1H2M3.5S or PT12.427S. */
export function isoDuration(ms: number): string {
  const totalSeconds = Math.max(0, ms) / 1000;
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = Math.round((totalSeconds % 60) * 1000) / 1000;
  let text = 'P';
  if (days > 0) text += `${days}D`;
  text += 'T';
  if (hours > 0) text += `${hours}H`;
  if (minutes > 0) text += `${minutes}M`;
  if (seconds > 0 || text.endsWith('T')) text += `${seconds}S`;
  return text;
}

/** "Not yet": operation endTime while in progress, task times not reached (no Z, no fraction). */
export const NOT_ENDED = '0001-01-01T00:00:00';
/** lastBackupTime of an item never backed up (with Z). */
export const NEVER_BACKED_UP = '2001-01-01T00:00:00Z';

/** propertyBag dates use US culture: "6/15/2022 12:00:00 AM". */
export function usDateTime(ms: number): string {
  const d = new Date(ms);
  const hours = d.getUTCHours() % 12 === 0 ? 12 : d.getUTCHours() % 12;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${hours}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCHours() < 12 ? 'AM' : 'PM'}`;
}
