import { formatDateTime } from '../bot/dateTime';
import type { CardAttachment } from '../bot/chatTypes';
import { errorAdvice, type ErrorAdvice, type OsType } from '../backup/errorAdvice';
import { jobStatusLabel, phaseStatusLabel, type JobView } from '../backup/jobPhases';
import { renderCard } from '../bot/cards';
import { jobLinks, type PortalLink } from '../backup/portalLinks';
import { withPortalLinks } from '../bot/portalActions';

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
  /** The same advice as the job card of this job (backup/errorAdvice). */
  errors: ErrorAdvice[];
  acknowledged: boolean;
  acknowledgedBy: string;
  acknowledgedAt: string;
  /** The VM's Backup blade and the vault's jobs in the portal (absent from alerts stored before they were added). */
  links?: PortalLink[];
}

export interface AlertContext {
  /** Instant-restore days of the VM's policy, when known, to say how long the lone snapshot lives. */
  instantRestoreDays?: number;
  policy?: string;
  /** Zone the card's times are shown in. */
  timeZone: string;
  /** The VM's OS when known: the remedies for the other OS are left out, as on the job card. */
  osType?: OsType;
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
    started: formatDateTime(job.start, context.timeZone),
    ended: formatDateTime(job.end, context.timeZone),
    phases: job.phases.map((phase) => ({ name: phase.name, label: phase.duration ? `${phaseStatusLabel(phase.status)} (${phase.duration})` : phaseStatusLabel(phase.status) })),
    meaning: meaningOf(job, context),
    errors: job.errors.map((error) => errorAdvice(error, context.osType)),
    acknowledged: false,
    acknowledgedBy: '',
    acknowledgedAt: '',
    links: jobLinks(job),
  };
}

export function acknowledgedViewModel(model: AlertViewModel, by: string, at: Date, timeZone: string): AlertViewModel {
  return { ...model, errors: model.errors.map(adviceOfStored), acknowledged: true, acknowledgedBy: by, acknowledgedAt: formatDateTime(at.toISOString(), timeZone) };
}

export function alertCard(model: AlertViewModel): CardAttachment {
  return withPortalLinks(renderCard('notify-alert', model), model.links ?? []);
}

function meaningOf(job: JobView, context: AlertContext): string {
  // Say exactly how long the snapshot lives when the policy is known; otherwise the job's own words.
  const days = context.instantRestoreDays;
  if (job.status !== 'CompletedWithWarnings' || days === undefined) return job.meaning;
  const policy = context.policy ? `, policy ${context.policy}` : '';
  const keptFor = `for ${days} day${days === 1 ? '' : 's'} (instant-restore retention${policy})`;
  return `Only the snapshot was taken: the transfer to the vault failed, so there is no vault copy of this backup yet. The snapshot is kept ${keptFor} and then disappears; fix the error and back up again to get a vault copy.`;
}

/** Alerts stored before the advice was shared carry `remedy` (action and steps in one text): read it as the action. */
function adviceOfStored(error: ErrorAdvice & { remedy?: string }): ErrorAdvice {
  if (error.action !== undefined) return error;
  return { code: error.code, title: '', meaning: error.meaning ?? '', message: error.message ?? '', action: error.remedy ?? '', steps: [], docsUrl: '' };
}
