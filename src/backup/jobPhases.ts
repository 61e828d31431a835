import { parseVaultId, vaultId as canonicalVaultId, type ResourceRef } from './armIds';
import { serviceTime } from './azureTimes';
import { formatDuration, parseDurationSeconds, secondsBetween } from './duration';
import { azureErrorEntry, lookupError, isKnownErrorCode, type CatalogueEntry } from './errorCatalogue';

/**
 * The job model of docs/design.md: a VM backup job has two phases, Take Snapshot then Transfer
 * data to vault, and its status follows from them:
 *
 *   Take Snapshot | Transfer data to vault | job status
 *   Completed     | InProgress             | InProgress
 *   Completed     | Skipped                | Completed
 *   Completed     | Completed              | Completed
 *   Completed     | Failed                 | CompletedWithWarnings
 *   Failed        | Failed                 | Failed
 *
 * The input types below mirror the SDK's AzureIaaSVMJob structurally, so this file needs no SDK.
 */

export const SNAPSHOT_PHASE = 'Take Snapshot';
export const TRANSFER_PHASE = 'Transfer data to vault';

export type JobStatus = 'InProgress' | 'Completed' | 'CompletedWithWarnings' | 'Failed' | 'Cancelled' | 'Cancelling' | 'Unknown';

const JOB_STATUS_LABELS: Record<JobStatus, string> = {
  InProgress: 'In progress',
  Completed: 'Completed',
  CompletedWithWarnings: 'Completed with warnings',
  Failed: 'Failed',
  Cancelled: 'Cancelled',
  Cancelling: 'Cancelling',
  Unknown: 'Unknown',
};

/** A job status in words, as the Azure portal shows it ("Completed with warnings"); unknown statuses as given. */
export function jobStatusLabel(status: string): string {
  return JOB_STATUS_LABELS[status as JobStatus] ?? status;
}
export type PhaseStatus = 'NotStarted' | 'InProgress' | 'Completed' | 'Failed' | 'Skipped' | 'Cancelled' | 'Unknown';

const PHASE_LABELS: Record<PhaseStatus, string> = {
  NotStarted: 'Not started',
  InProgress: 'Running',
  Completed: 'Completed',
  Failed: 'Failed',
  Skipped: 'Skipped',
  Cancelled: 'Cancelled',
  Unknown: 'Unknown',
};

/** A phase status in words ("Not started", "Running"), on job cards and alerts alike. */
export function phaseStatusLabel(status: PhaseStatus): string {
  return PHASE_LABELS[status] ?? status;
}

/** Azure's operation names as words: "ConfigureBackup" -> "Configure backup", "DeleteBackupData" -> "Delete backup data" (no raw enums, issue 13.8). */
export function operationLabel(operation: string): string {
  const spaced = operation.replace(/([a-z])([A-Z])/g, '$1 $2');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1).toLowerCase();
}

export interface RawJobTask {
  taskId?: string;
  startTime?: Date | string;
  endTime?: Date | string;
  duration?: string;
  status?: string;
  progressPercentage?: number;
}

export interface RawJobError {
  errorCode?: number | string;
  errorTitle?: string;
  errorString?: string;
  recommendations?: string[];
}

export interface RawJobProperties {
  jobType?: string;
  entityFriendlyName?: string;
  /** AzureIaaSVMJob: iaasvmcontainerv2;{rg};{vm} (FINDINGS.md, Jobs). */
  containerName?: string;
  operation?: string;
  status?: string;
  startTime?: Date | string;
  endTime?: Date | string;
  duration?: string;
  errorDetails?: RawJobError[];
  /** Absent from job lists: only a job GET carries it (FINDINGS (c)). */
  extendedInfo?: { tasksList?: RawJobTask[]; propertyBag?: Record<string, string>; progressPercentage?: number; dynamicErrorMessage?: string };
}

export interface RawJob {
  id?: string;
  name?: string;
  properties?: RawJobProperties;
}

export interface JobPhaseView {
  name: string;
  status: PhaseStatus;
  start?: string;
  end?: string;
  /** Human duration ("4 min 10 s"), empty when unknown. */
  duration: string;
  durationSeconds?: number;
  /** True when Azure gave no task list and the phase was deduced from the job status. */
  inferred: boolean;
}

export interface JobErrorView {
  code: string;
  message: string;
  recommendations: string[];
  catalogue: CatalogueEntry;
}

/**
 * A job as a list shows it: one line each, no phases, no sentences (a listing reads 200 jobs and
 * shows 10; issue 16). `JobView` is the whole job: a card, an alert, the watcher.
 */
export interface JobRow {
  id: string;
  vm: string;
  vault: string;
  vaultId?: string;
  subscriptionId?: string;
  resourceGroup?: string;
  /** Resource group of the job's VM, from its container name (iaasvmcontainerv2;{rg};{vm}: lower case). */
  vmResourceGroup?: string;
  operation: string;
  status: JobStatus;
  start?: string;
  end?: string;
  duration: string;
  durationSeconds?: number;
  /** Azure's error details, as they came: their codes are read when the row is shown (errorCodesOf). */
  rawErrors: readonly RawJobError[];
}

export interface JobView extends Omit<JobRow, 'rawErrors'> {
  terminal: boolean;
  phases: JobPhaseView[];
  errors: JobErrorView[];
  /** One or two sentences saying what the status means for the user's data. */
  meaning: string;
  progressPercentage?: number;
  /** The region the view was built with (JobViewContext): a later read of the same job passes it on (the job follower). */
  region?: string;
}

export interface JobViewContext {
  /** Instant-restore snapshot retention of the VM's policy, to say how long a warning job's snapshot lives. */
  instantRestoreDays?: number;
  /** Region of the VM, to name the Storage service tag in network remedies. */
  region?: string;
}

const TERMINAL: JobStatus[] = ['Completed', 'CompletedWithWarnings', 'Failed', 'Cancelled'];

export function isTerminalStatus(status: JobStatus): boolean {
  return TERMINAL.includes(status);
}

/** The job status the matrix gives for two phase statuses. */
export function jobStatusFromPhases(snapshot: PhaseStatus, transfer: PhaseStatus): JobStatus {
  if (snapshot === 'Failed') return 'Failed';
  if (snapshot === 'Cancelled' || transfer === 'Cancelled') return 'Cancelled';
  if (snapshot !== 'Completed') return 'InProgress';
  switch (transfer) {
    case 'Completed':
    case 'Skipped':
      return 'Completed';
    case 'Failed':
      return 'CompletedWithWarnings';
    default:
      return 'InProgress';
  }
}

const JOB_STATUS_WORDS: Record<string, JobStatus> = {
  inprogress: 'InProgress',
  completed: 'Completed',
  completedwithwarnings: 'CompletedWithWarnings',
  failed: 'Failed',
  cancelled: 'Cancelled',
  canceled: 'Cancelled',
  cancelling: 'Cancelling',
  canceling: 'Cancelling',
};

export function normaliseJobStatus(status: string | undefined): JobStatus {
  const key = (status ?? '').replace(/[\s_-]/g, '').toLowerCase();
  return Object.hasOwn(JOB_STATUS_WORDS, key) ? JOB_STATUS_WORDS[key] : 'Unknown';
}

/**
 * The job of an approved write (configure, stop, resume, policy change) says the change was made:
 * it Completed (with warnings or not), or is still InProgress (Azure accepted it and carries on).
 * Failed, Cancelled, Cancelling or Unknown: it was not (the card says why).
 */
const CHANGE_MADE: ReadonlySet<JobStatus> = new Set<JobStatus>(['Completed', 'CompletedWithWarnings', 'InProgress']);

export function changeJobSucceeded(status: string): boolean {
  return CHANGE_MADE.has(normaliseJobStatus(status));
}

export function normalisePhaseStatus(status: string | undefined): PhaseStatus {
  const key = (status ?? '').replace(/[\s_-]/g, '').toLowerCase();
  const known: Record<string, PhaseStatus> = {
    notstarted: 'NotStarted',
    inprogress: 'InProgress',
    completed: 'Completed',
    succeeded: 'Completed',
    failed: 'Failed',
    skipped: 'Skipped',
    cancelled: 'Cancelled',
    canceled: 'Cancelled',
  };
  return known[key] ?? 'Unknown';
}

/** Maps one SDK job (list item or jobDetails.get result) to the plain view model. */
export function toJobView(raw: RawJob, context: JobViewContext = {}): JobView {
  const { rawErrors, ...row } = toJobRow(raw);
  const props = raw.properties ?? {};
  const errors = rawErrors.map((error) => toJobError(error, context));
  // A backup refused because another runs never had phases: none are inferred for it.
  const phases = phasesOf(props, row.status, errors.some(isAnotherBackupRunning) ? 'refused' : row.operation);
  return {
    ...row,
    terminal: isTerminalStatus(row.status),
    phases,
    errors,
    meaning: describeJob(row.status, row.operation, phases, context, errors),
    progressPercentage: props.extendedInfo?.progressPercentage,
    ...(context.region ? { region: context.region } : {}),
  };
}

/** The list line of one SDK job: what toJobView starts from. */
export function toJobRow(raw: RawJob): JobRow {
  const props = raw.properties ?? {};
  const start = serviceTime(props.startTime);
  const end = serviceTime(props.endTime);
  const durationSeconds = parseDurationSeconds(props.duration) ?? secondsBetween(start, end);
  const { vault, vaultId } = vaultOfJobId(raw.id);
  return {
    id: raw.name ?? lastSegment(raw.id) ?? '',
    vm: props.entityFriendlyName ?? '',
    vault: vault?.name ?? '',
    vaultId,
    subscriptionId: vault?.subscriptionId,
    resourceGroup: vault?.resourceGroup,
    vmResourceGroup: vmGroupOf(props.containerName),
    operation: props.operation ?? 'Unknown',
    status: normaliseJobStatus(props.status),
    start: start?.toISOString(),
    end: end?.toISOString(),
    duration: formatDuration(durationSeconds),
    durationSeconds,
    rawErrors: props.errorDetails ?? [],
  };
}

/** The error codes of a row as its job card names them (the catalogue's spelling when it knows the code). */
export function errorCodesOf(row: Pick<JobRow, 'rawErrors'>): string[] {
  return row.rawErrors.map((error) => toJobError(error, {}).code);
}

/** The vault a job id names; the jobs of a listing share it, so it is parsed once per vault (bounded). */
const vaultsByPrefix = new Map<string, { vault?: ResourceRef; vaultId?: string }>();
const JOB_SEGMENT = /\/backupjobs\//i;

function vaultOfJobId(id: string | undefined): { vault?: ResourceRef; vaultId?: string } {
  if (!id) return {};
  const at = id.search(JOB_SEGMENT);
  const prefix = at === -1 ? id : id.slice(0, at);
  let known = vaultsByPrefix.get(prefix);
  if (known === undefined) {
    const vault = parseVaultId(id);
    known = { vault, vaultId: vault ? canonicalVaultId(vault) : undefined };
    if (vaultsByPrefix.size >= 1_000) vaultsByPrefix.clear();
    vaultsByPrefix.set(prefix, known);
  }
  return known;
}

function vmGroupOf(containerName: string | undefined): string | undefined {
  const parts = (containerName ?? '').split(';');
  return parts.length >= 3 && parts[parts.length - 2] !== '' ? parts[parts.length - 2] : undefined;
}

function phasesOf(props: RawJobProperties, status: JobStatus, operation: string): JobPhaseView[] {
  const tasks = props.extendedInfo?.tasksList ?? [];
  if (tasks.length > 0) return tasks.map(toPhase);
  if (operation.toLowerCase() !== 'backup') return [];
  return inferPhases(status);
}

/**
 * Until 2022 Azure sent tasks as {taskId, duration: "PT0S", status} whatever their real length; since
 * 2024 it adds startTime/endTime, with the "0001-01-01T00:00:00" sentinel while not started or ended.
 * A phase gets times and a duration only when Azure gave it a real start time.
 */
function toPhase(task: RawJobTask): JobPhaseView {
  const status = normalisePhaseStatus(task.status);
  const start = status === 'NotStarted' ? undefined : serviceTime(task.startTime);
  const end = start === undefined ? undefined : serviceTime(task.endTime);
  const seconds = start === undefined ? undefined : (secondsBetween(start, end) ?? parseDurationSeconds(task.duration));
  return {
    name: phaseName(task.taskId),
    status,
    start: start?.toISOString(),
    end: end?.toISOString(),
    duration: formatDuration(seconds),
    durationSeconds: seconds,
    inferred: false,
  };
}

function phaseName(taskId: string | undefined): string {
  if (taskId === undefined || taskId.trim() === '') return 'Task';
  if (/snapshot/i.test(taskId)) return SNAPSHOT_PHASE;
  if (/transfer/i.test(taskId)) return TRANSFER_PHASE;
  return taskId;
}

/** Without a task list (job lists do not carry one) the matrix still tells the phases of a finished job. */
function inferPhases(status: JobStatus): JobPhaseView[] {
  const pairs: Partial<Record<JobStatus, [PhaseStatus, PhaseStatus]>> = {
    Completed: ['Completed', 'Completed'],
    CompletedWithWarnings: ['Completed', 'Failed'],
    Failed: ['Failed', 'Failed'],
  };
  const pair = pairs[status];
  if (!pair) return [];
  return [
    { name: SNAPSHOT_PHASE, status: pair[0], duration: '', inferred: true },
    { name: TRANSFER_PHASE, status: pair[1], duration: '', inferred: true },
  ];
}

/** The catalogue's entry when it knows the code; otherwise Azure's own title, message and recommendations. */
function toJobError(error: RawJobError, context: JobViewContext): JobErrorView {
  const code = errorCodeOf(error);
  const recommendations = (error.recommendations ?? []).map((text) => text.trim()).filter((text) => text !== '');
  const known = lookupError(code, { region: context.region });
  const catalogue = known.known ? known : azureErrorEntry({ code, message: error.errorString, recommendations }, { region: context.region });
  return {
    code: catalogue.code,
    message: (error.errorString ?? '').trim() || catalogue.meaning,
    recommendations,
    catalogue,
  };
}

/**
 * Azure puts the readable code in different places: a string errorCode, the errorTitle, or only inside
 * the message next to a numeric errorCode. Prefer a name we know, then any name, then the number.
 */
export function errorCodeOf(error: RawJobError): string {
  const raw = error.errorCode === undefined ? '' : String(error.errorCode).trim();
  const numeric = /^\d+$/.test(raw) ? raw : undefined;
  const named = [numeric ? '' : raw, error.errorTitle?.trim() ?? ''].filter((text) => /^[A-Za-z][A-Za-z0-9]+$/.test(text));
  const inMessage = (error.errorString ?? '').match(/[A-Za-z][A-Za-z0-9]{6,}/g) ?? [];
  const known = [...named, ...inMessage, ...(numeric ? [numeric] : [])].find((candidate) => isKnownErrorCode(candidate));
  return known ?? named[0] ?? numeric ?? (raw !== '' ? raw : 'Unknown');
}

/** A backup asked for while another runs becomes a Failed job with this code (FINDINGS (d), TF:5). */
const ANOTHER_BACKUP_RUNNING = 'UserErrorBackupOperationInProgress';

function isAnotherBackupRunning(error: JobErrorView): boolean {
  return error.code.toLowerCase() === ANOTHER_BACKUP_RUNNING.toLowerCase();
}

function describeJob(status: JobStatus, operation: string, phases: JobPhaseView[], context: JobViewContext, errors: JobErrorView[]): string {
  if (operation.toLowerCase() === 'backup' && status === 'Failed' && errors.some(isAnotherBackupRunning)) {
    return 'Azure did not run this backup because another backup of the VM was still in progress; that backup goes on, and nothing was lost. Try again once it has finished.';
  }
  if (operation.toLowerCase() === 'backup') return describeBackup(status, phases, context);
  if (operation.toLowerCase() === 'configurebackup') return describeConfigureBackup(status);
  return `${operation}: ${statusWords(status)}.`;
}

function describeBackup(status: JobStatus, phases: JobPhaseView[], context: JobViewContext): string {
  const snapshot = phases.find((phase) => phase.name === SNAPSHOT_PHASE)?.status;
  const transfer = phases.find((phase) => phase.name === TRANSFER_PHASE)?.status;
  switch (status) {
    case 'InProgress':
      if (snapshot === 'Completed') {
        return 'The snapshot is taken, so instant restore is already possible; the data is now being transferred to the vault, which can take hours or even days for large disks.';
      }
      return 'Azure Backup is taking the snapshot of the VM disks; the transfer to the vault starts when it is done.';
    case 'Completed':
      if (transfer === 'Skipped') {
        return 'The snapshot was taken; the transfer to the vault was skipped because an earlier transfer was still running, and the next vault recovery point will include these changes.';
      }
      return 'The snapshot was taken and the recovery point was transferred to the vault.';
    case 'CompletedWithWarnings': {
      const days = context.instantRestoreDays;
      const keptFor = days === undefined ? "for the policy's instant-restore days" : `for ${days} day${days === 1 ? '' : 's'} (the policy's instant-restore retention)`;
      return `Only the snapshot was taken: the transfer to the vault failed, so there is no vault copy of this backup. The snapshot is kept ${keptFor} and then disappears; fix the error and run a backup again to get a vault copy.`;
    }
    case 'Failed':
      return 'The backup failed: no snapshot and no vault copy were created for this run.';
    case 'Cancelled':
      return 'The backup was cancelled before it finished.';
    case 'Cancelling':
      return 'The backup is being cancelled.';
    default:
      return 'Azure reported a status the bot does not recognise for this backup.';
  }
}

function describeConfigureBackup(status: JobStatus): string {
  switch (status) {
    case 'Completed':
      return "Protection is configured: the first backup runs at the policy's next scheduled time, or run a backup now.";
    case 'Failed':
      return 'Configuring protection failed: the VM is not protected.';
    case 'InProgress':
      return 'Azure Backup is configuring protection for the VM.';
    default:
      return `Configure backup: ${statusWords(status)}.`;
  }
}

function statusWords(status: JobStatus): string {
  const words: Record<JobStatus, string> = {
    InProgress: 'in progress',
    Completed: 'completed',
    CompletedWithWarnings: 'completed with warnings',
    Failed: 'failed',
    Cancelled: 'cancelled',
    Cancelling: 'cancelling',
    Unknown: 'unknown status',
  };
  return words[status];
}

function lastSegment(id: string | undefined): string | undefined {
  if (!id) return undefined;
  const parts = id.split('/').filter((part) => part !== '');
  return parts[parts.length - 1];
}
