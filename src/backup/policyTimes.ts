import { InvalidInputError } from './backupError';
import { formatClockTime, parseClockTime } from './dst';

/** Validates new policy run times ("21:00", "7:30") and returns them as HH:MM. */
export function resolvePolicyTimes(runTimes: readonly string[]): string[] {
  if (!Array.isArray(runTimes) || runTimes.length === 0) throw new InvalidInputError('Give the new run time as HH:MM, for example 21:00.');
  const normalised = runTimes.map((time) => formatClockTime(parseClockTime(String(time))));
  if (new Set(normalised).size !== normalised.length) throw new InvalidInputError('The new run times repeat the same time.');
  return normalised;
}
