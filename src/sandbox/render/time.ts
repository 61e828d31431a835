// Date and duration formats as ARM writes them.

export function iso(ms: number): string {
  return new Date(ms).toISOString();
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

/** The "never" date Recovery Services uses for operations that have not ended. */
export const MIN_DATE = '0001-01-01T00:00:00Z';
