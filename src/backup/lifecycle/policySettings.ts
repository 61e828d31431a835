import { z } from 'zod';
import { findTimeZone } from '../timeZoneChoices';

/**
 * What `policy create` / `policy edit` let an operator choose for an Azure VM backup policy, and
 * Azure's rules for it (docs/design.md, "Custom policies"): daily or weekly schedule at one time on
 * the hour or half hour, a Windows time-zone id, instant-restore snapshots kept 1-5 days (Standard;
 * exactly 5 with a weekly schedule) or 1-30 days (Enhanced; at least 5 with a weekly schedule),
 * daily points 7-9999 days (daily schedules only), weekly points 1-5163 weeks (required for a weekly
 * schedule, on one of its days), monthly 1-1188 months, yearly 1-99 years.
 *
 * Every problem is one sentence naming the field, so the card can say exactly what to fix.
 */

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export type Month = (typeof MONTHS)[number];
export type PolicyTier = 'Standard' | 'Enhanced';

export interface PolicySettings {
  tier: PolicyTier;
  frequency: 'Daily' | 'Weekly';
  /** Weekly schedules: the days it runs (Monday first). Empty for daily schedules. */
  runDays: Weekday[];
  /** HH:MM in `timeZone`, on the hour or half hour. */
  time: string;
  /** Windows time-zone id, as Azure stores it. */
  timeZone: string;
  instantRestoreDays: number;
  /** Daily schedules only. */
  dailyDays?: number;
  weeklyWeeks?: number;
  monthlyMonths?: number;
  yearlyYears?: number;
  /** Day whose backup is kept as the weekly point (and, on the first such day, monthly / yearly). */
  retentionDay: Weekday;
  /** Month whose first `retentionDay` is kept as the yearly point. */
  yearlyMonth: Month;
}

export const LIMITS = {
  instant: { Standard: { min: 1, max: 5 }, Enhanced: { min: 1, max: 30 } },
  /** A weekly schedule keeps snapshots at least 5 days (Standard: exactly 5). */
  weeklyInstantMin: 5,
  daily: { min: 7, max: 9999 },
  weekly: { min: 1, max: 5163 },
  monthly: { min: 1, max: 1188 },
  yearly: { min: 1, max: 99 },
} as const;

/** The card's inputs as they arrive (Adaptive Card inputs are strings; a multi-select is "Monday,Friday"). */
const text = (max: number) => z.string().max(max).optional();
export const policyFormSchema = z.object({
  tier: text(20),
  frequency: text(20),
  runDays: text(120),
  time: text(20),
  timeZone: text(80),
  instantRestoreDays: text(20),
  dailyDays: text(20),
  weeklyWeeks: text(20),
  monthlyMonths: text(20),
  yearlyYears: text(20),
  retentionDay: text(20),
  yearlyMonth: text(20),
});
export type PolicyForm = z.infer<typeof policyFormSchema>;

export type SettingsResult = { settings: PolicySettings; problems?: undefined } | { problems: string[]; settings?: undefined };

/**
 * Reads the card's inputs into settings, or lists every problem. `tier` is fixed when editing (a
 * Standard policy cannot become Enhanced or back): pass it as `fixedTier`.
 */
export function readPolicyForm(raw: unknown, fixedTier?: PolicyTier): SettingsResult {
  const parsed = policyFormSchema.safeParse(pick(raw));
  if (!parsed.success) return { problems: ['The card sent values that are too long or not text; open a fresh card with the command again.'] };
  const form = parsed.data;
  const problems: string[] = [];
  const tier = fixedTier ?? oneOf(form.tier, ['Standard', 'Enhanced'] as const, 'Policy type: choose Standard or Enhanced.', problems);
  const frequency = oneOf(form.frequency, ['Daily', 'Weekly'] as const, 'Schedule: choose Daily or Weekly.', problems);
  const runDays = frequency === 'Weekly' ? weekdays(form.runDays, problems) : [];
  const time = clockTime(form.time, problems);
  const timeZone = zoneOf(form.timeZone, problems);
  const retentionDay = oneOf(form.retentionDay || 'Sunday', WEEKDAYS, 'Day of the weekly, monthly and yearly points: choose a day of the week.', problems);
  const yearlyMonth = oneOf(form.yearlyMonth || 'January', MONTHS, 'Month of the yearly point: choose a month.', problems);
  const instantRestoreDays = count(form.instantRestoreDays, 'Instant restore', 'days', problems, true);
  const dailyDays = count(form.dailyDays, 'Daily retention', 'days', problems);
  const weeklyWeeks = count(form.weeklyWeeks, 'Weekly retention', 'weeks', problems);
  const monthlyMonths = count(form.monthlyMonths, 'Monthly retention', 'months', problems);
  const yearlyYears = count(form.yearlyYears, 'Yearly retention', 'years', problems);
  if (problems.length > 0 || !tier || !frequency || !time || !timeZone || !retentionDay || !yearlyMonth || instantRestoreDays === undefined) {
    return { problems };
  }
  const settings: PolicySettings = {
    tier,
    frequency,
    runDays,
    time,
    timeZone,
    instantRestoreDays,
    retentionDay,
    yearlyMonth,
    ...(dailyDays !== undefined ? { dailyDays } : {}),
    ...(weeklyWeeks !== undefined ? { weeklyWeeks } : {}),
    ...(monthlyMonths !== undefined ? { monthlyMonths } : {}),
    ...(yearlyYears !== undefined ? { yearlyYears } : {}),
  };
  const ruleProblems = settingsProblems(settings);
  return ruleProblems.length > 0 ? { problems: ruleProblems } : { settings };
}

/** Azure's rules across fields (ranges depend on the tier and the schedule). */
export function settingsProblems(s: PolicySettings): string[] {
  const problems: string[] = [];
  const instant = LIMITS.instant[s.tier];
  const weekly = s.frequency === 'Weekly';
  if (weekly && s.tier === 'Standard' && s.instantRestoreDays !== LIMITS.weeklyInstantMin) {
    problems.push(`Instant restore: a Standard policy with a weekly schedule keeps snapshots exactly ${LIMITS.weeklyInstantMin} days (got ${s.instantRestoreDays}).`);
  } else if (s.instantRestoreDays < (weekly ? LIMITS.weeklyInstantMin : instant.min) || s.instantRestoreDays > instant.max) {
    const min = weekly ? LIMITS.weeklyInstantMin : instant.min;
    problems.push(`Instant restore: ${s.tier === 'Enhanced' ? 'an' : 'a'} ${s.tier} policy${weekly ? ' with a weekly schedule' : ''} keeps snapshots ${min} to ${instant.max} days (got ${s.instantRestoreDays}).`);
  }
  if (weekly && s.runDays.length === 0) problems.push('Days: a weekly schedule needs at least one day.');
  if (!weekly && s.dailyDays === undefined) problems.push(`Daily retention: a daily schedule keeps its daily points ${LIMITS.daily.min} to ${LIMITS.daily.max} days; give the number of days.`);
  if (weekly && s.dailyDays !== undefined) problems.push('Daily retention: a weekly schedule makes no daily points; leave it empty and keep weekly points instead.');
  if (s.dailyDays !== undefined) inRange(s.dailyDays, LIMITS.daily, 'Daily retention', 'days', problems, false);
  if (weekly && s.weeklyWeeks === undefined) problems.push(`Weekly retention: a weekly schedule keeps its weekly points ${LIMITS.weekly.min} to ${LIMITS.weekly.max} weeks; give the number of weeks.`);
  if (s.weeklyWeeks !== undefined) inRange(s.weeklyWeeks, LIMITS.weekly, 'Weekly retention', 'weeks', problems, !weekly);
  if (s.monthlyMonths !== undefined) inRange(s.monthlyMonths, LIMITS.monthly, 'Monthly retention', 'months', problems);
  if (s.yearlyYears !== undefined) inRange(s.yearlyYears, LIMITS.yearly, 'Yearly retention', 'years', problems);
  const keepsLongTerm = s.weeklyWeeks !== undefined || s.monthlyMonths !== undefined || s.yearlyYears !== undefined;
  if (weekly && keepsLongTerm && s.runDays.length > 0 && !s.runDays.includes(s.retentionDay)) {
    problems.push(`Day of the weekly, monthly and yearly points: ${s.retentionDay} is not a backup day of this schedule (${s.runDays.join(', ')}); pick one of those.`);
  }
  return problems;
}

/** One line per setting, for cards and the audit trail. */
export function describeSettings(s: PolicySettings): Array<{ title: string; value: string }> {
  const when = s.frequency === 'Daily' ? `Every day at ${s.time}` : `Every ${s.runDays.join(', ')} at ${s.time}`;
  return [
    { title: 'Policy type', value: s.tier === 'Enhanced' ? 'Enhanced (V2)' : 'Standard (V1)' },
    { title: 'Schedule', value: `${when} (${s.timeZone})` },
    { title: 'Instant restore', value: `snapshots kept ${s.instantRestoreDays} day${s.instantRestoreDays === 1 ? '' : 's'}` },
    { title: 'Retention', value: retentionText(s) },
  ];
}

export function retentionText(s: PolicySettings): string {
  const parts: string[] = [];
  if (s.dailyDays !== undefined) parts.push(`daily points ${s.dailyDays} days`);
  if (s.weeklyWeeks !== undefined) parts.push(`weekly (${s.retentionDay}) ${s.weeklyWeeks} weeks`);
  if (s.monthlyMonths !== undefined) parts.push(`monthly (first ${s.retentionDay}) ${s.monthlyMonths} months`);
  if (s.yearlyYears !== undefined) parts.push(`yearly (first ${s.retentionDay} of ${s.yearlyMonth}) ${s.yearlyYears} years`);
  return parts.join(', ');
}

// ------------------------------------------------------------------------------------ fields

function pick(raw: unknown): Record<string, unknown> {
  if (raw === null || typeof raw !== 'object') return {};
  const keys = Object.keys(policyFormSchema.shape);
  const source = raw as Record<string, unknown>;
  // Input.Number may arrive as a number from some clients: read it as text like the others.
  return Object.fromEntries(keys.filter((key) => source[key] !== undefined && source[key] !== null).map((key) => [key, typeof source[key] === 'number' ? String(source[key]) : source[key]]));
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], problem: string, problems: string[]): T | undefined {
  const found = allowed.find((candidate) => candidate.toLowerCase() === (value ?? '').trim().toLowerCase());
  if (!found) problems.push(problem);
  return found;
}

function weekdays(value: string | undefined, problems: string[]): Weekday[] {
  const names = (value ?? '').split(',').map((day) => day.trim()).filter((day) => day !== '');
  const days: Weekday[] = [];
  for (const name of names) {
    const day = WEEKDAYS.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
    if (!day) {
      problems.push(`Days: "${name.slice(0, 20)}" is not a day of the week.`);
      return [];
    }
    if (!days.includes(day)) days.push(day);
  }
  if (days.length === 0) problems.push('Days: a weekly schedule needs at least one day.');
  return WEEKDAYS.filter((day) => days.includes(day));
}

function clockTime(value: string | undefined, problems: string[]): string | undefined {
  const match = /^(\d{1,2}):(\d{2})(?::00)?$/.exec((value ?? '').trim());
  if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) {
    problems.push('Time: give the backup time as HH:MM, for example 22:00.');
    return undefined;
  }
  if (match[2] !== '00' && match[2] !== '30') {
    problems.push(`Time: Azure runs VM backups on the hour or half hour; ${match[1].padStart(2, '0')}:${match[2]} is neither (try ${match[1].padStart(2, '0')}:00 or ${match[1].padStart(2, '0')}:30).`);
    return undefined;
  }
  return `${match[1].padStart(2, '0')}:${match[2]}`;
}

function zoneOf(value: string | undefined, problems: string[]): string | undefined {
  const choice = findTimeZone(value ?? '');
  if (!choice) problems.push('Time zone: choose one of the listed time zones (Azure wants a Windows time-zone id such as "W. Europe Standard Time").');
  return choice?.windowsId;
}

/** A whole number, or undefined when left empty (`required`: a problem then). */
function count(value: string | undefined, field: string, unit: string, problems: string[], required = false): number | undefined {
  const raw = (value ?? '').trim();
  if (raw === '') {
    if (required) problems.push(`${field}: give a number of ${unit}.`);
    return undefined;
  }
  if (!/^\d{1,6}$/.test(raw)) {
    problems.push(`${field}: "${raw.slice(0, 20)}" is not a whole number of ${unit}.`);
    return undefined;
  }
  return Number(raw);
}

function inRange(value: number, range: { min: number; max: number }, field: string, unit: string, problems: string[], optional = true): void {
  if (value < range.min || value > range.max) problems.push(`${field}: keep points ${range.min} to ${range.max} ${unit} (got ${value})${optional ? ', or leave it empty for none' : ''}.`);
}
