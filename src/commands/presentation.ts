import { formatDateTime } from '../bot/dateTime';
import type { CheckStatus, JobStatus, PhaseStatus, ProtectionStateView } from '../backup/views';

/**
 * Words, colours and time formats shared by the backup cards of `jobs`, `job`, `backup` and the
 * followed job card. Job status words come from backup/jobPhases (jobStatusLabel), which the
 * alerts and digests use too, so "Completed with warnings" reads the same everywhere.
 */

/** Adaptive Card text colours. */
export type CardColor = 'Default' | 'Good' | 'Warning' | 'Attention' | 'Accent';

const JOB_STATUS_COLORS: Record<JobStatus, CardColor> = {
  InProgress: 'Accent',
  Completed: 'Good',
  CompletedWithWarnings: 'Warning',
  Failed: 'Attention',
  Cancelled: 'Default',
  Cancelling: 'Default',
  Unknown: 'Default',
};

export function jobStatusColor(status: JobStatus): CardColor {
  return JOB_STATUS_COLORS[status] ?? 'Default';
}

/** Phase words live with the job phases (backup/jobPhases), shared with the alert card. */
export { phaseStatusLabel } from '../backup/jobPhases';

export function phaseStatusColor(status: PhaseStatus): CardColor {
  if (status === 'Completed') return 'Good';
  if (status === 'Failed') return 'Attention';
  if (status === 'InProgress') return 'Accent';
  if (status === 'Skipped') return 'Warning';
  return 'Default';
}

const CHECK_LABELS: Record<CheckStatus, string> = { pass: 'Pass', warn: 'Warning', fail: 'Fail' };
const CHECK_COLORS: Record<CheckStatus, CardColor> = { pass: 'Good', warn: 'Warning', fail: 'Attention' };

export function checkStatusLabel(status: CheckStatus): string {
  return CHECK_LABELS[status];
}

export function checkStatusColor(status: CheckStatus): CardColor {
  return CHECK_COLORS[status];
}

const PROTECTION_LABELS: Record<ProtectionStateView, string> = {
  Protected: 'Protected',
  ProtectionStopped: 'Protection stopped',
  ProtectionPaused: 'Protection paused',
  BackupsSuspended: 'Backups suspended',
  ProtectionError: 'Protection error',
  IRPending: 'Initial backup pending',
  NotProtected: 'Not protected',
  Unknown: 'Unknown',
};

export function protectionLabel(state: ProtectionStateView): string {
  return PROTECTION_LABELS[state] ?? state;
}

export function protectionColor(state: ProtectionStateView): CardColor {
  if (state === 'Protected') return 'Good';
  if (state === 'NotProtected') return 'Default';
  return 'Warning';
}

/** Azure's words (lastBackupStatus, healthStatus) spaced for reading: "CompletedWithWarnings" -> "Completed with warnings". */
export function azureWords(words: string): string {
  const spaced = words.replace(/([a-z])([A-Z])/g, '$1 $2');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1).toLowerCase();
}

/** Colour for Azure's lastBackupStatus / healthStatus words. */
export function healthColor(words: string | undefined): CardColor {
  const key = (words ?? '').toLowerCase();
  if (key === '') return 'Default';
  if (['healthy', 'passed', 'completed'].includes(key)) return 'Good';
  if (['failed', 'actionrequired', 'invalid', 'unhealthy'].includes(key)) return 'Attention';
  return 'Warning';
}

/** "Mon 23 Nov 2026 22:00 Europe/Paris" (bot/dateTime); "never" / "unknown" when Azure gave no time. */
export function formatInstant(iso: string | undefined, timeZone: string, missing = 'unknown'): string {
  return formatDateTime(iso, timeZone, missing);
}

/** Table cells use the same format (one format everywhere, issue 13.6); only the placeholder differs. */
export function formatShortInstant(iso: string | undefined, timeZone: string, missing = '-'): string {
  return formatDateTime(iso, timeZone, missing);
}

export function plural(count: number, word: string, pluralWord = `${word}s`): string {
  return `${count} ${count === 1 ? word : pluralWord}`;
}

/** "3 failed, 2 with warnings, 10 completed" from counts per label, skipping zeros. */
export function countSummary(counts: Array<[number, string]>, none = 'none'): string {
  const parts = counts.filter(([count]) => count > 0).map(([count, label]) => `${count} ${label}`);
  return parts.length > 0 ? parts.join(', ') : none;
}
