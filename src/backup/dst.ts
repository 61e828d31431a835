import { DateTime, IANAZone } from 'luxon';
import { findIana } from 'windows-iana';
import { InvalidInputError } from './backupError';
import { quoted } from '../userText';

/**
 * Daylight saving and Azure Backup VM policies.
 *
 * The model implemented here (docs/design.md, Daylight saving; Azure Backup docs: "Azure Backup does not support automatic
 * clock adjustment for daylight-saving time"):
 *
 * - A policy stores `timeZone` (a Windows id such as "W. Europe Standard Time") and
 *   `scheduleRunTimes` such as "2018-01-24T22:00:00Z". Despite the "Z", date and time are a wall-clock
 *   time in the policy's time zone.
 * - Azure turns that wall-clock value into UTC once, with the offset in force at that date (the
 *   "reference date" of the run time), and then runs the job at that UTC time of day all year. So the
 *   effective UTC run time is fixed, and the local run time moves by the DST delta at each transition.
 * - To keep the local run time across a transition whose offset changes by `delta` minutes, the UTC
 *   run time must move by -delta; with the reference date kept as it is, that means writing the
 *   policy time minus delta (22:00 -> 21:00 before the last Sunday of March in W. Europe,
 *   21:00 -> 22:00 before the last Sunday of October). Between the write and the transition the job
 *   runs `delta` earlier (or later) in local time, so the write belongs right after the last run
 *   before the transition.
 *
 * Time-zone data comes from windows-iana (Windows id -> IANA) and luxon/Intl (offsets); there are no
 * offset tables here.
 */

export interface Transition {
  at: Date;
  offsetBeforeMinutes: number;
  offsetAfterMinutes: number;
  /** forward: clocks jump ahead (spring); back: clocks fall back (autumn). */
  kind: 'forward' | 'back';
}

export interface PolicyClock {
  /** Run times as HH:MM in the policy's time zone. */
  runTimes: string[];
  /** YYYY-MM-DD date part of the stored run times (anchors the UTC offset); defaults to 2000-01-01. */
  referenceDate?: string;
  /** Windows time-zone id from the policy (or an IANA name). */
  timeZone: string;
}

export interface RunTimeView {
  /** HH:MM as written in the policy (policy time zone). */
  policyTime: string;
  /** HH:MM UTC at which Azure runs it. */
  utcTime: string;
  /** -1 when the UTC run falls on the previous day, +1 on the next day. */
  utcDayShift: -1 | 0 | 1;
}

export interface DstRunEffect extends RunTimeView {
  /** Local wall-clock run time just before the transition. */
  localBefore: string;
  /** Local wall-clock run time just after the transition if nothing changes. */
  localAfter: string;
}

export interface DstEffect {
  timeZone: string;
  ianaZone: string;
  transition: {
    at: string;
    /** Local date of the transition, YYYY-MM-DD. */
    localDate: string;
    offsetBefore: string;
    offsetAfter: string;
    kind: 'forward' | 'back';
    deltaMinutes: number;
  };
  runs: DstRunEffect[];
  /** The policy run times that keep each run at its current local time after the transition. */
  keepLocal: { runTimes: string[]; dayShift: -1 | 0 | 1 };
  summary: string;
}

const DEFAULT_REFERENCE_DATE = '2000-01-01';

/** IANA zone for a Windows time-zone id (IANA names pass through). Throws InvalidInputError if unknown. */
export function ianaZoneFor(timeZone: string): string {
  const name = timeZone.trim();
  const candidates = findIana(name);
  const iana = candidates.find((candidate) => IANAZone.isValidZone(candidate));
  if (iana) return iana;
  if (name !== '' && IANAZone.isValidZone(name)) return name;
  throw new InvalidInputError(`"${timeZone}" is not a time zone I know (expected a Windows id such as "W. Europe Standard Time").`);
}

export function offsetMinutes(ianaZone: string, at: Date): number {
  return DateTime.fromJSDate(at, { zone: ianaZone }).offset;
}

/** The next `count` offset changes of a zone after `from`, searched over `horizonDays`. */
export function nextTransitions(ianaZone: string, from: Date, count = 2, horizonDays = 400): Transition[] {
  const DAY = 86_400_000;
  const transitions: Transition[] = [];
  let previous = from.getTime();
  let previousOffset = offsetMinutes(ianaZone, from);
  for (let step = 1; step <= horizonDays && transitions.length < count; step++) {
    const current = from.getTime() + step * DAY;
    const currentOffset = offsetMinutes(ianaZone, new Date(current));
    if (currentOffset !== previousOffset) {
      const at = findChange(ianaZone, previous, current, previousOffset);
      transitions.push({
        at: new Date(at),
        offsetBeforeMinutes: previousOffset,
        offsetAfterMinutes: currentOffset,
        kind: currentOffset > previousOffset ? 'forward' : 'back',
      });
    }
    previous = current;
    previousOffset = currentOffset;
  }
  return transitions;
}

/** Bisection down to the millisecond: the first instant with the new offset. */
function findChange(ianaZone: string, lo: number, hi: number, oldOffset: number): number {
  let low = lo;
  let high = hi;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (offsetMinutes(ianaZone, new Date(mid)) === oldOffset) low = mid;
    else high = mid;
  }
  return high;
}

/** Parses "HH:MM" (or "H:MM") into minutes after midnight. */
export function parseClockTime(text: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) {
    throw new InvalidInputError(`${quoted(text)} is not a time of day: use HH:MM on a 24-hour clock, like 22:00.`);
  }
  return Number(match[1]) * 60 + Number(match[2]);
}

export function formatClockTime(minutes: number): string {
  const wrapped = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(wrapped / 60)).padStart(2, '0')}:${String(wrapped % 60).padStart(2, '0')}`;
}

/** Moves a clock time by `deltaMinutes`, reporting whether it crossed midnight. */
export function shiftClockTime(time: string, deltaMinutes: number): { time: string; dayShift: -1 | 0 | 1 } {
  const total = parseClockTime(time) + deltaMinutes;
  const dayShift = total < 0 ? -1 : total >= 1440 ? 1 : 0;
  return { time: formatClockTime(total), dayShift };
}

/** The UTC time Azure runs each policy time at (see the model at the top of this file). */
export function effectiveUtcRunTimes(clock: PolicyClock): RunTimeView[] {
  const zone = ianaZoneFor(clock.timeZone);
  const reference = clock.referenceDate ?? DEFAULT_REFERENCE_DATE;
  return clock.runTimes.map((policyTime) => {
    const minutes = parseClockTime(policyTime);
    const local = DateTime.fromISO(`${reference}T${formatClockTime(minutes)}`, { zone });
    if (!local.isValid) throw new InvalidInputError(`"${reference}" is not a valid policy reference date.`);
    const utcMinutes = minutes - local.offset;
    return {
      policyTime: formatClockTime(minutes),
      utcTime: formatClockTime(utcMinutes),
      utcDayShift: utcMinutes < 0 ? -1 : utcMinutes >= 1440 ? 1 : 0,
    };
  });
}

/** What the next DST transition after `now` does to the policy's runs; undefined if the zone has none. */
export function nextDstEffect(clock: PolicyClock, now: Date): DstEffect | undefined {
  const ianaZone = ianaZoneFor(clock.timeZone);
  const [transition] = nextTransitions(ianaZone, now, 1);
  if (!transition) return undefined;
  const delta = transition.offsetAfterMinutes - transition.offsetBeforeMinutes;
  const runs = effectiveUtcRunTimes(clock).map((run) => {
    const utc = parseClockTime(run.utcTime);
    return {
      ...run,
      localBefore: formatClockTime(utc + transition.offsetBeforeMinutes),
      localAfter: formatClockTime(utc + transition.offsetAfterMinutes),
    };
  });
  const shifted = clock.runTimes.map((time) => shiftClockTime(time, -delta));
  const localDate = DateTime.fromJSDate(transition.at, { zone: ianaZone }).toISODate() ?? '';
  return {
    timeZone: clock.timeZone,
    ianaZone,
    transition: {
      at: transition.at.toISOString(),
      localDate,
      offsetBefore: formatOffset(transition.offsetBeforeMinutes),
      offsetAfter: formatOffset(transition.offsetAfterMinutes),
      kind: transition.kind,
      deltaMinutes: delta,
    },
    runs,
    keepLocal: { runTimes: shifted.map((s) => s.time), dayShift: shifted[0]?.dayShift ?? 0 },
    summary: summarise(clock.timeZone, localDate, transition, delta, runs, shifted.map((s) => s.time)),
  };
}

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function summarise(timeZone: string, localDate: string, transition: Transition, delta: number, runs: DstRunEffect[], keep: string[]): string {
  const direction = transition.kind === 'forward' ? 'go forward' : 'go back';
  const amount = Math.abs(delta) === 60 ? '1 hour' : `${Math.abs(delta)} minutes`;
  const moves = runs.map((run) => `${run.localBefore} becomes ${run.localAfter}`).join(', ');
  return `On ${localDate} clocks ${direction} ${amount} in ${timeZone}: Azure Backup keeps the UTC run time, so the local run time ${moves}. To keep the local time, change the policy time to ${keep.join(', ')} right after the last run before the change.`;
}
