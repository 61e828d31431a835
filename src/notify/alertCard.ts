import { formatDateTime } from '../bot/dateTime';
import type { Attachment } from 'botbuilder';
import { jobStatusLabel, type JobView } from '../backup/jobPhases';
import { renderCard } from '../bot/cards';

/** The plain view model of `cards/notify-alert.json`; stored with the alert so Acknowledge can re-render it. */
export interface AlertViewModel {
  title: string;
  status: string;
  statusLabel: string;
  vm: string;
  vault: string;
  jobId: string;
  started: string;
  ended: string;
  phases: Array<{ name: string; label: string }>;
  meaning: string;
  errors: Array<{ code: string; meaning: string; message: string; remedy: string }>;
  acknowledged: boolean;
  acknowledgedBy: string;
  acknowledgedAt: string;
}

export interface AlertContext {
  /** Instant-restore days of the VM's policy, when known, to say how long the lone snapshot lives. */
  instantRestoreDays?: number;
  policy?: string;
  /** Zone the card's times are shown in. */
  timeZone: string;
}

export function alertViewModel(job: JobView, vaultName: string, context: AlertContext): AlertViewModel {
  const headline = job.status === 'Failed' ? 'Backup failed' : 'Backup completed with warnings';
  return {
    title: `${headline}: ${job.vm}`,
    status: job.status,
    statusLabel: jobStatusLabel(job.status),
    vm: job.vm,
    vault: job.vault || vaultName,
    jobId: job.id,
    started: formatInstant(job.start, context.timeZone),
    ended: formatInstant(job.end, context.timeZone),
    phases: job.phases.map((phase) => ({ name: phase.name, label: phase.duration ? `${phase.status} (${phase.duration})` : phase.status })),
    meaning: meaningOf(job, context),
    errors: job.errors.map((error) => ({
      code: error.code,
      meaning: error.catalogue.meaning,
      message: error.message !== error.catalogue.meaning ? error.message : '',
      remedy: remedyOf(error.catalogue.action, error.catalogue.steps, error.recommendations),
    })),
    acknowledged: false,
    acknowledgedBy: '',
    acknowledgedAt: '',
  };
}

export function acknowledgedViewModel(model: AlertViewModel, by: string, at: Date, timeZone: string): AlertViewModel {
  return { ...model, acknowledged: true, acknowledgedBy: by, acknowledgedAt: formatInstant(at.toISOString(), timeZone) };
}

export function alertCard(model: AlertViewModel): Attachment {
  return renderCard('notify-alert', model);
}

/** "Mon 23 Mar 2026 22:00 UTC" in the given zone (bot/dateTime); "unknown" when Azure gave no time. */
export function formatInstant(iso: string | undefined, timeZone: string): string {
  return formatDateTime(iso, timeZone);
}

function meaningOf(job: JobView, context: AlertContext): string {
  // Say exactly how long the snapshot lives when the policy is known; otherwise the job's own words.
  const days = context.instantRestoreDays;
  if (job.status !== 'CompletedWithWarnings' || days === undefined) return job.meaning;
  const policy = context.policy ? `, policy ${context.policy}` : '';
  const keptFor = `for ${days} day${days === 1 ? '' : 's'} (instant-restore retention${policy})`;
  return `Only the snapshot was taken: the transfer to the vault failed, so there is no vault copy of this backup yet. The snapshot is kept ${keptFor} and then disappears; fix the error and back up again to get a vault copy.`;
}

function remedyOf(action: string, steps: string[], recommendations: string[]): string {
  const extra = [...steps, ...recommendations].filter((text) => text !== action).slice(0, 4);
  return extra.length === 0 ? action : `${action}\n\n${extra.map((text) => `- ${text}`).join('\n')}`;
}
