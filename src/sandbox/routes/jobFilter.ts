import { armErrors } from '../http/arm';
import type { JobOperation } from '../model/types';
import type { JobStatus } from '../estate/estateSchema';
import { parseEqFilter } from './odataFilter';

// $filter of the jobs list. Dates use Recovery Services' 12-hour format "yyyy-MM-dd hh:mm:ss tt"
// in UTC (e.g. '2024-01-31 09:30:00 PM'); startTime/endTime bound the jobs' start time.

export interface JobFilter {
  statuses?: Set<string>;
  operation?: string;
  iaasVmOnly: boolean;
  backupManagementTypeMismatch: boolean;
  jobId?: string;
  fromMs?: number;
  toMs?: number;
}

const STATUSES = ['InProgress', 'Completed', 'Failed', 'CompletedWithWarnings', 'Cancelled', 'Cancelling'];
const OPERATIONS = ['ConfigureBackup', 'Backup', 'Restore', 'DisableBackup', 'DeleteBackupData', 'Register', 'UnRegister', 'CrossRegionRestore', 'Undelete', 'UpdateCustomerManagedKey'];
const MANAGEMENT_TYPES = ['AzureIaasVM', 'MAB', 'DPM', 'AzureBackupServer', 'AzureSql', 'AzureStorage', 'AzureWorkload', 'DefaultBackup'];

const GUIDELINES =
  'The inputs specified for Get jobs API are incorrect. Please check your inputs and try again. ' +
  'Make sure your filter parameters are following these guidelines - The OData filter options. ' +
  `status eq { ${STATUSES.join(' , ')} } and backupManagementType eq { ${MANAGEMENT_TYPES.join(', ')} } and ` +
  `operation eq { ${OPERATIONS.join(' , ')} } and startTime eq 'yyyy-MM-dd hh:mm:ss tt' and endTime eq 'yyyy-MM-dd hh:mm:ss tt'.`;

const describe = (problem: string) => `${GUIDELINES} Problem: ${problem}`;

export function parseJobFilter(text: string | null): JobFilter {
  const clauses = parseEqFilter(text, ['status', 'operation', 'backupManagementType', 'startTime', 'endTime', 'jobId'], describe);
  const filter: JobFilter = { iaasVmOnly: false, backupManagementTypeMismatch: false };
  const status = clauses.get('status');
  if (status !== undefined) filter.statuses = new Set([canonical(status, STATUSES, 'status')]);
  const operation = clauses.get('operation');
  // PowerShell sends `operation eq ''` when no operation is given, and Azure returns every operation (TF:5).
  if (operation !== undefined && operation !== '') filter.operation = canonical(operation, OPERATIONS, 'operation');
  const managementType = clauses.get('backupManagementType');
  if (managementType !== undefined) {
    filter.iaasVmOnly = true;
    filter.backupManagementTypeMismatch = canonical(managementType, MANAGEMENT_TYPES, 'backupManagementType') !== 'AzureIaasVM';
  }
  filter.jobId = clauses.get('jobId');
  const start = clauses.get('startTime');
  const end = clauses.get('endTime');
  if (start !== undefined) filter.fromMs = parseJobFilterDate(start, 'startTime');
  if (end !== undefined) filter.toMs = parseJobFilterDate(end, 'endTime');
  if (filter.fromMs !== undefined && filter.toMs !== undefined && filter.fromMs > filter.toMs) {
    throw armErrors.invalidInput(describe(`startTime '${start}' is after endTime '${end}'.`));
  }
  return filter;
}

function canonical(value: string, allowed: string[], field: string): string {
  const found = allowed.find((candidate) => candidate.toLowerCase() === value.toLowerCase());
  if (!found) throw armErrors.invalidInput(describe(`'${value}' is not a valid ${field}.`));
  return found;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) (AM|PM)$/i;

/** Parses 'yyyy-MM-dd hh:mm:ss tt' (UTC). Hour 00 is accepted as 12 AM, as Azure's own examples write it. */
export function parseJobFilterDate(text: string, field: string): number {
  const match = DATE.exec(text.trim());
  const problem = `${field} '${text}' is not in the format yyyy-MM-dd hh:mm:ss tt (12-hour clock, UTC), for example '2024-01-31 09:30:00 PM'.`;
  if (!match) throw armErrors.invalidInput(describe(problem));
  const [year, month, day, hour12, minute, second] = match.slice(1, 7).map(Number);
  if (hour12 > 12 || minute > 59 || second > 59) throw armErrors.invalidInput(describe(problem));
  const pm = match[7].toUpperCase() === 'PM';
  const hour = (hour12 % 12) + (pm ? 12 : 0);
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) throw armErrors.invalidInput(describe(problem));
  return ms;
}

/** Formats a time the way the filter expects it (the inverse of parseJobFilterDate). */
export function formatJobFilterDate(ms: number): string {
  const date = new Date(ms);
  const pad = (value: number) => String(value).padStart(2, '0');
  const hour = date.getUTCHours();
  const hour12 = hour % 12 === 0 ? 12 : hour % 12;
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(hour12)}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} ${hour < 12 ? 'AM' : 'PM'}`;
}

export function jobMatches(filter: JobFilter, job: { id: string; operation: JobOperation; startMs: number }, status: JobStatus | 'Cancelling'): boolean {
  if (filter.backupManagementTypeMismatch) return false;
  if (filter.statuses && !filter.statuses.has(status)) return false;
  if (filter.operation && filter.operation !== job.operation) return false;
  if (filter.jobId && filter.jobId.toLowerCase() !== job.id.toLowerCase()) return false;
  if (filter.fromMs !== undefined && job.startMs < filter.fromMs) return false;
  if (filter.toMs !== undefined && job.startMs > filter.toMs) return false;
  return true;
}
