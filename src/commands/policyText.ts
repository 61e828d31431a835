import { DateTime } from 'luxon';
import type { PolicyView } from '../backup/views';
import { plural } from './presentation';

/** Sentences about a backup policy shared by `policies` and `policy`. */

export function kindLabel(policy: PolicyView): string {
  return policy.kind === 'V2' ? 'Enhanced' : 'Standard';
}

/** "Every day at 22:00 (W. Europe Standard Time)". */
export function scheduleText(policy: PolicyView): string {
  const zone = `(${policy.timeZone})`;
  const times = policy.runTimes.join(', ');
  switch (policy.frequency) {
    case 'Daily':
      return `Every day at ${times} ${zone}`;
    case 'Weekly':
      return `Every ${policy.runDays.join(', ') || 'week'} at ${times} ${zone}`;
    case 'Hourly': {
      const hourly = policy.hourly;
      if (!hourly) return `Hourly ${zone}`;
      return `Every ${hourly.intervalHours} h from ${hourly.windowStart} for ${hourly.windowHours} h ${zone}`;
    }
    default:
      return times ? `At ${times} ${zone}` : 'Schedule not reported';
  }
}

/** "21:00 UTC", "23:00 UTC (the day before)". */
export function utcText(policy: PolicyView): string {
  if (policy.utcRunTimes.length === 0) return 'unknown';
  const prefix = policy.frequency === 'Hourly' ? 'window starts ' : '';
  return prefix + policy.utcRunTimes
    .map((run) => `${run.utcTime} UTC${run.utcDayShift === -1 ? ' (the day before)' : run.utcDayShift === 1 ? ' (the day after)' : ''}`)
    .join(', ');
}

export function instantRestoreText(policy: PolicyView): string {
  return policy.instantRestoreDays === undefined ? 'not set' : plural(policy.instantRestoreDays, 'day');
}

/** One line for the list: "28 Mar 2027: runs at 23:00 local instead of 22:00". */
export function dstShortText(policy: PolicyView): string {
  const effect = policy.nextDst;
  if (!effect) return `none (${policy.timeZone} has no daylight saving)`;
  const day = DateTime.fromISO(effect.transition.localDate).toFormat('d LLL yyyy');
  const moves = effect.runs.filter((run) => run.localBefore !== run.localAfter);
  if (moves.length === 0) return `${day}: the local run time does not change`;
  return `${day}: runs at ${moves.map((run) => run.localAfter).join(', ')} local instead of ${moves.map((run) => run.localBefore).join(', ')}`;
}
