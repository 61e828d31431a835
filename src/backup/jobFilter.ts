import { z } from 'zod';
import { InvalidInputError } from './backupError';
import { quoted } from '../userText';

/**
 * The backupJobs `$filter` (api-version 2023-06-01): status, operation, backupManagementType,
 * startTime and endTime. Dates are UTC in the service's `yyyy-MM-dd hh:mm:ss tt` format (12-hour
 * clock with AM/PM), e.g. startTime eq '2024-03-31 01:05:00 PM'.
 */

export const JOB_STATUSES = ['InProgress', 'Completed', 'CompletedWithWarnings', 'Failed', 'Cancelled', 'Cancelling'] as const;
export const JOB_OPERATIONS = [
  'Backup',
  'ConfigureBackup',
  'DisableBackup',
  'DeleteBackupData',
  'Restore',
  'CrossRegionRestore',
  'Register',
  'UnRegister',
  'UpdateCustomerManagedKey',
] as const;

export type JobStatusFilter = (typeof JOB_STATUSES)[number];
export type JobOperationFilter = (typeof JOB_OPERATIONS)[number];

export interface JobFilterOptions {
  status?: JobStatusFilter;
  operation?: JobOperationFilter;
  since?: Date;
  until?: Date;
}

const validDate = z.date().refine((date) => !Number.isNaN(date.getTime()), { message: 'is not a valid date' });

const optionsSchema = z
  .object({
    status: z.enum(JOB_STATUSES).optional(),
    operation: z.enum(JOB_OPERATIONS).optional(),
    since: validDate.optional(),
    until: validDate.optional(),
  })
  .strict()
  .refine((o) => !(o.since && o.until && o.since.getTime() > o.until.getTime()), { message: 'since must be before until' });

/** Builds the filter string; throws InvalidInputError when an option is not one Azure accepts. */
export function buildJobFilter(options: JobFilterOptions, now: Date = new Date()): string {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.length > 0 ? `${String(issue.path[0])} ` : '';
    throw new InvalidInputError(`The job filter is not valid: ${field}${issue.message}.`);
  }
  const o = parsed.data;
  const clauses = ["backupManagementType eq 'AzureIaasVM'"];
  if (o.operation) clauses.push(`operation eq '${o.operation}'`);
  if (o.status) clauses.push(`status eq '${o.status}'`);
  if (o.since) {
    clauses.push(`startTime eq '${formatFilterDate(o.since)}'`);
    clauses.push(`endTime eq '${formatFilterDate(o.until ?? now)}'`);
  } else if (o.until) {
    throw new InvalidInputError('The job filter is not valid: an end time needs a start time.');
  }
  return clauses.join(' and ');
}

/**
 * The longest startTime..endTime range one job query asks for. Azure PowerShell refuses a wider
 * -From/-To range ("should not be more than 30 days") and always sends both ends (FINDINGS (g), TF:5),
 * so the bot asks the same way: a longer `since` becomes consecutive windows of at most 30 days.
 */
export const MAX_JOB_WINDOW_DAYS = 30;

/**
 * The filters of one job query: one, or one per window of at most 30 days when the range is longer,
 * newest window first (so a limited listing can stop early).
 */
export function buildJobFilters(options: JobFilterOptions, now: Date = new Date()): string[] {
  const first = buildJobFilter(options, now); // validates everything once
  if (!options.since) return [first];
  const end = (options.until ?? now).getTime();
  const windowMs = MAX_JOB_WINDOW_DAYS * 86_400_000;
  if (end - options.since.getTime() <= windowMs) return [first];
  const filters: string[] = [];
  for (let to = end; to > options.since.getTime(); to -= windowMs) {
    const from = Math.max(options.since.getTime(), to - windowMs);
    filters.push(buildJobFilter({ ...options, since: new Date(from), until: new Date(to) }, now));
  }
  return filters;
}

/** yyyy-MM-dd hh:mm:ss tt in UTC: 00:30 is "12:30:00 AM", 13:05 is "01:05:00 PM". */
export function formatFilterDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const hours24 = date.getUTCHours();
  const hours12 = hours24 % 12 === 0 ? 12 : hours24 % 12;
  const suffix = hours24 < 12 ? 'AM' : 'PM';
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(hours12)}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} ${suffix}`;
}

/** Friendly status words typed in Teams (failed, warnings, running, completed, cancelled). */
export function parseJobStatusWord(word: string): JobStatusFilter {
  const key = word.trim().toLowerCase().replace(/[\s_-]/g, '');
  const words: Record<string, JobStatusFilter> = {
    failed: 'Failed',
    failure: 'Failed',
    failures: 'Failed',
    warning: 'CompletedWithWarnings',
    warnings: 'CompletedWithWarnings',
    completedwithwarnings: 'CompletedWithWarnings',
    running: 'InProgress',
    inprogress: 'InProgress',
    completed: 'Completed',
    succeeded: 'Completed',
    success: 'Completed',
    cancelled: 'Cancelled',
    canceled: 'Cancelled',
    cancelling: 'Cancelling',
  };
  const status = words[key];
  if (!status) throw new InvalidInputError(`${quoted(word)} is not a job status: use failed, warnings, running, completed or cancelled.`);
  return status;
}

/** "24h", "7d", "30m", "2w" back from `now`; at most 90 days (the jobs API keeps a limited history anyway). */
export function parseSince(text: string, now: Date): Date {
  const match = /^(\d{1,4})\s*(m|min|h|d|w)$/i.exec(text.trim());
  if (!match) throw new InvalidInputError(`${quoted(text)} is not a time span: use a number and m, h, d or w, like 24h or 7d.`);
  const amount = Number(match[1]);
  const minutes = { m: 1, min: 1, h: 60, d: 1440, w: 10080 }[match[2].toLowerCase() as 'm' | 'min' | 'h' | 'd' | 'w'];
  const spanMinutes = amount * minutes;
  if (spanMinutes < 1) throw new InvalidInputError('The time span must be at least 1 minute.');
  if (spanMinutes > 90 * 1440) throw new InvalidInputError('The time span can be at most 90 days.');
  return new Date(now.getTime() - spanMinutes * 60_000);
}
