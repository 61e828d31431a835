// The backup domain's public surface: the service, its view models, the pure helpers commands use
// to parse arguments, and the error types. Nothing here exposes an SDK type.
export { BackupService, createBackupService } from './backupService';
export type { BackupServiceOptions, ListJobsOptions, ListVmsOptions, UpdateScheduleOptions } from './backupService';
export type { SandboxConnection, RetrySettings } from './azureClients';
export * from './views';
export { BackupError, AmbiguousNameError, NotFoundError, InvalidInputError, isBackupError } from './backupError';
export type { BackupErrorCode } from './backupError';
export { lookupError, catalogueEntries, isKnownErrorCode, OUTBOUND_ACCESS_DOCS } from './errorCatalogue';
export type { ErrorCategory, LookupContext } from './errorCatalogue';
export { toJobView, jobStatusFromPhases, isTerminalStatus, SNAPSHOT_PHASE, TRANSFER_PHASE } from './jobPhases';
export { runPreflight, MIN_WINDOWS_AGENT_VERSION, MAX_DATA_DISKS_MANAGED, MAX_DATA_DISKS_UNMANAGED } from './preflight';
export { parseRetention, DEFAULT_RETENTION_DAYS, MAX_RETENTION_YEARS } from './retention';
export { buildJobFilter, formatFilterDate, parseJobStatusWord, parseSince, JOB_STATUSES, JOB_OPERATIONS } from './jobFilter';
export type { JobStatusFilter, JobOperationFilter } from './jobFilter';
export { ianaZoneFor, nextTransitions, nextDstEffect, effectiveUtcRunTimes, shiftClockTime, parseClockTime, formatClockTime, formatOffset } from './dst';
export type { Transition, PolicyClock, DstRunEffect } from './dst';
export { formatDuration } from './duration';
