import { errorAdvice, type OsType } from '../backup/errorAdvice';
import { jobLinks } from '../backup/portalLinks';
import { withPortalLinks } from '../bot/portalActions';
import { jobStatusLabel, operationLabel } from '../backup/jobPhases';
import type { CardAttachment } from '../bot/chatTypes';
import { renderCard } from '../bot/cards';
import type { JobPhaseView, JobView } from '../backup/views';
import { formatInstant, formatShortInstant, jobStatusColor, phaseStatusColor, phaseStatusLabel } from './presentation';

/**
 * The job card (cards/job.json): `job <id>`, the card `backup` posts and the job follower edits,
 * and the card a "Retry backup" click posts. Everything it shows comes from the JobView and the
 * error catalogue in backup/.
 */

export interface JobCardContext {
  /** Zone the times are shown in. */
  timeZone: string;
  /** Defaults to "Backup of VM" (or "OPERATION of VM"). */
  title?: string;
  requestedBy?: string;
  /** When the on-demand recovery point expires: "Wed 23 Dec 2026 13:20 UTC (30 days)". */
  retention?: string;
  /** Warnings shown under the errors (e.g. the third on-demand backup of the day). */
  notes?: string[];
  /**
   * True when the bot started this backup itself ("Back up now"). Azure's jobs do not say whether a
   * backup was scheduled or on demand (no isUserTriggered in any recorded job), so only the bot knows.
   */
  onDemand?: boolean;
  /** True when the card is for an operator: a failed or warning backup gets a "Retry backup" button. */
  canRetry: boolean;
  /** The card is being followed: say it updates itself until the job ends. */
  following?: boolean;
  /** The VM's OS when the caller knows it: the remedies for the other OS are left out. */
  osType?: OsType;
}

const RETRYABLE = new Set(['Failed', 'CompletedWithWarnings']);

export function jobCard(job: JobView, context: JobCardContext): CardAttachment {
  return withPortalLinks(renderCard('job', jobViewModel(job, context)), jobLinks(job));
}

export function jobViewModel(job: JobView, context: JobCardContext) {
  const { timeZone } = context;
  const isBackup = job.operation.toLowerCase() === 'backup';
  const facts: Array<{ title: string; value: string }> = [
    { title: 'VM', value: job.vm || 'unknown' },
    { title: 'Vault', value: job.resourceGroup ? `${job.vault} (${job.resourceGroup})` : job.vault || 'unknown' },
    { title: 'Operation', value: isBackup && context.onDemand ? 'Backup (on demand)' : operationLabel(job.operation) },
    { title: 'Started', value: formatInstant(job.start, timeZone) },
  ];
  if (job.end) facts.push({ title: 'Ended', value: formatInstant(job.end, timeZone) });
  if (job.duration) facts.push({ title: job.terminal ? 'Duration' : 'Running for', value: job.duration });
  if (!job.terminal && job.progressPercentage !== undefined) facts.push({ title: 'Progress', value: `${job.progressPercentage}%` });
  facts.push(...retentionFacts(job, context.retention));
  facts.push({ title: 'Job id', value: job.id });
  return {
    id: job.id,
    title: context.title ?? `${operationLabel(job.operation)} of ${job.vm || 'a VM'}`,
    statusLabel: jobStatusLabel(job.status),
    statusColor: jobStatusColor(job.status),
    facts,
    phases: job.phases.map((phase) => phaseRow(phase, timeZone)),
    meaning: job.meaning,
    errors: job.errors.map((error) => errorAdvice(error, context.osType)),
    notes: context.notes ?? [],
    footer: footerOf(job, context),
    showRetry: context.canRetry && isBackup && RETRYABLE.has(job.status),
  };
}

/**
 * "Kept until" only where a recovery point exists or is on its way: a failed backup has none, and
 * a backup with warnings has only its snapshot, kept for the policy's instant-restore days.
 */
function retentionFacts(job: JobView, retention: string | undefined): Array<{ title: string; value: string }> {
  if (job.status === 'Completed') return retention ? [{ title: 'Kept until', value: retention }] : [];
  if (job.status === 'InProgress') return retention ? [{ title: 'Kept until', value: `${retention}, once in the vault` }] : [];
  if (job.status === 'CompletedWithWarnings') return [{ title: 'Recovery point', value: 'snapshot only, no vault copy' }];
  if (job.status === 'Failed' || job.status === 'Cancelled') return [{ title: 'Recovery point', value: 'none' }];
  return [];
}

function phaseRow(phase: JobPhaseView, timeZone: string) {
  let detail = phase.status === 'NotStarted' ? '' : phase.duration;
  if (phase.status === 'InProgress' && phase.start) detail = `since ${formatShortInstant(phase.start, timeZone)}`;
  return { name: phase.name, status: phaseStatusLabel(phase.status), color: phaseStatusColor(phase.status), detail };
}

function footerOf(job: JobView, context: JobCardContext): string {
  const parts: string[] = [];
  if (context.requestedBy) parts.push(`Requested by ${context.requestedBy}.`);
  if (context.following && !job.terminal) parts.push('This card updates itself as the job moves.');
  if (!context.following && !job.terminal) parts.push(`Type **job ${job.id}** again to see its progress.`);
  return parts.join(' ');
}
