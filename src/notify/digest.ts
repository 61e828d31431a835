import { formatDateTime } from '../bot/dateTime';
import { vaultJobsLink, type PortalLink } from '../backup/portalLinks';
import { withPortalLinks } from '../bot/portalActions';
import type { CardAttachment } from '../bot/chatTypes';
import { lookupError } from '../backup/errorCatalogue';
import { renderCard } from '../bot/cards';
import { jobStatusLabel } from '../backup/jobPhases';
import type { JournalEntry } from './jobJournal';
import { coverageLine, type Counts } from '../backup/lifecycle/coverage';

export interface DigestRunningJob {
  id: string;
  vm: string;
  vault: string;
  start: string;
}

export interface DigestProtectedVm {
  vm: string;
  vault: string;
  policy?: string;
  /** Newest recovery point (the last backup that succeeded), per VM. */
  lastSuccessfulBackup?: string;
  /** Hours between the policy's runs: the line says how many scheduled runs that age means. */
  scheduleIntervalHours?: number;
}

export interface DigestInput {
  windowStart: Date;
  windowEnd: Date;
  timeZone: string;
  /** Terminal jobs that ended in the window. */
  ended: JournalEntry[];
  /** Jobs running at the end of the window. */
  running: DigestRunningJob[];
  protectedVms: DigestProtectedVm[];
  staleBackupHours: number;
  /** A job running longer than this is called out. */
  longRunningHours?: number;
  /** The estate's coverage (src/backup/lifecycle/coverage.ts); undefined when the VMs could not be read. */
  coverage: Counts | undefined;
}

interface Line {
  text: string;
}

export interface DigestVaultSection {
  name: string;
  headline: string;
  jobs: Line[];
  remedies: Line[];
}

/** View model of `cards/notify-digest.json`. */
export interface DigestViewModel {
  title: string;
  window: string;
  nothingToReport: boolean;
  summary: string;
  /** "Coverage: 3 VMs unprotected, 2 stale. Type coverage for the list." ('' when unknown). */
  coverage: string;
  counts: Array<{ title: string; value: string }>;
  vaults: DigestVaultSection[];
  staleTitle: string;
  stale: Line[];
  longRunningTitle: string;
  longRunning: Line[];
  more: string;
  /** The jobs of the vaults with failures in the portal (the first few). */
  links: PortalLink[];
}

// Keeps the card well under Teams' 28 KB even for a bad night across many vaults.
const MAX_JOB_LINES_PER_VAULT = 8;
const MAX_VAULTS = 8;
const MAX_STALE = 15;
const MAX_RUNNING = 10;

export function buildDigest(input: DigestInput): DigestViewModel {
  const { timeZone } = input;
  const longHours = input.longRunningHours ?? 24;
  const problems = input.ended.filter((job) => job.status === 'Failed' || job.status === 'CompletedWithWarnings');
  const stale = input.protectedVms
    .filter((vm) => vm.lastSuccessfulBackup === undefined || Date.parse(vm.lastSuccessfulBackup) < input.windowEnd.getTime() - input.staleBackupHours * 3_600_000)
    .sort((a, b) => (Date.parse(a.lastSuccessfulBackup ?? '') || 0) - (Date.parse(b.lastSuccessfulBackup ?? '') || 0));
  const longRunning = input.running
    .filter((job) => input.windowEnd.getTime() - Date.parse(job.start) > longHours * 3_600_000)
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));

  const counts = countByStatus(input.ended);
  const summary = summarise(input.ended.length, counts, input.running.length);
  const window = `${formatDateTime(input.windowStart.toISOString(), timeZone)} to ${formatDateTime(input.windowEnd.toISOString(), timeZone)}`;
  const nothingToReport = problems.length === 0 && stale.length === 0 && longRunning.length === 0;
  const overflow: string[] = [];

  const vaultSections = groupByVault(problems).map(([vault, jobs]) => vaultSection(vault, jobs, timeZone, overflow));
  if (vaultSections.length > MAX_VAULTS) overflow.push(`${vaultSections.length - MAX_VAULTS} more vaults with failures`);
  if (stale.length > MAX_STALE) overflow.push(`${stale.length - MAX_STALE} more VMs without a recent backup`);
  if (longRunning.length > MAX_RUNNING) overflow.push(`${longRunning.length - MAX_RUNNING} more long-running jobs`);

  return {
    title: 'Backup digest',
    window,
    nothingToReport,
    summary: nothingToReport ? `Nothing to report: ${summary}, no failures, no warnings, no stale or stuck backups.` : summary,
    coverage: coverageSentence(input.coverage),
    links: vaultJobLinks(problems),
    counts: Object.entries(counts).map(([status, n]) => ({ title: jobStatusLabel(status), value: String(n) })),
    vaults: vaultSections.slice(0, MAX_VAULTS),
    staleTitle: `VMs without a successful backup (recovery point) in the last ${input.staleBackupHours} h`,
    stale: stale.slice(0, MAX_STALE).map((vm) => ({ text: staleLine(vm, input.windowEnd, timeZone) })),
    longRunningTitle: `Jobs running for more than ${longHours} h`,
    longRunning: longRunning.slice(0, MAX_RUNNING).map((job) => ({ text: runningLine(job, input.windowEnd, timeZone) })),
    more: overflow.length === 0 ? '' : `Not shown: ${overflow.join('; ')}. Use **jobs --status failed** or **vms** for the full lists.`,
  };
}

export function digestCard(model: DigestViewModel): CardAttachment {
  return withPortalLinks(renderCard('notify-digest', model), model.links ?? []);
}


/** Up to 3 vaults with failures: "Jobs of rsv-weu-prod in the portal". */
function vaultJobLinks(problems: JournalEntry[]): PortalLink[] {
  const firstOfVault = new Map<string, JournalEntry>();
  for (const job of problems) if (!firstOfVault.has(job.vaultId.toLowerCase())) firstOfVault.set(job.vaultId.toLowerCase(), job);
  return [...firstOfVault.values()]
    .sort((a, b) => a.vault.localeCompare(b.vault))
    .slice(0, 3)
    .map((job) => ({ title: `Jobs of ${job.vault} in the portal`, url: vaultJobsLink(job.vaultId).url }));
}

function coverageSentence(counts: Counts | undefined): string {
  if (counts === undefined) return '';
  const line = coverageLine(counts);
  if (line === '') return `Coverage: all ${counts.protected + counts.pending} VMs protected and backed up.`;
  return `Coverage: ${line}. Type **coverage** for the list.`;
}

function countByStatus(jobs: JournalEntry[]): Record<string, number> {
  const order = ['Completed', 'CompletedWithWarnings', 'Failed', 'Cancelled'];
  const counts: Record<string, number> = {};
  for (const status of order) {
    const n = jobs.filter((job) => job.status === status).length;
    if (n > 0) counts[status] = n;
  }
  for (const job of jobs) if (!order.includes(job.status)) counts[job.status] = (counts[job.status] ?? 0) + 1;
  return counts;
}

function summarise(total: number, counts: Record<string, number>, running: number): string {
  const parts = Object.entries(counts).map(([status, n]) => `${n} ${jobStatusLabel(status).toLowerCase()}`);
  const jobs = total === 0 ? 'no backup job ended' : `${total} backup job${total === 1 ? '' : 's'} ended (${parts.join(', ')})`;
  return running > 0 ? `${jobs}; ${running} running now` : jobs;
}

function groupByVault(jobs: JournalEntry[]): Array<[string, JournalEntry[]]> {
  const groups = new Map<string, JournalEntry[]>();
  for (const job of jobs) groups.set(job.vault, [...(groups.get(job.vault) ?? []), job]);
  return [...groups.entries()].sort((a, b) => a[0].localeCompare(b[0]));
}

function vaultSection(vault: string, jobs: JournalEntry[], timeZone: string, overflow: string[]): DigestVaultSection {
  const failed = jobs.filter((job) => job.status === 'Failed').length;
  const warnings = jobs.length - failed;
  const headline = [failed > 0 ? `${failed} failed` : '', warnings > 0 ? `${warnings} with warnings` : ''].filter((x) => x !== '').join(', ');
  const sorted = [...jobs].sort((a, b) => a.vm.localeCompare(b.vm));
  if (sorted.length > MAX_JOB_LINES_PER_VAULT) overflow.push(`${sorted.length - MAX_JOB_LINES_PER_VAULT} more jobs in ${vault}`);
  const codes = [...new Set(jobs.flatMap((job) => job.errorCodes))].sort();
  const remedies = codes.map((code) => {
    const entry = lookupError(code);
    return { text: `**${entry.code}**: ${entry.action}` };
  });
  if (warnings > 0) {
    remedies.push({ text: 'With warnings, only the snapshot exists (for the policy\'s instant-restore days): there is no vault copy until a backup succeeds.' });
  }
  return {
    name: vault,
    headline: `**${vault}**: ${headline}`,
    jobs: sorted.slice(0, MAX_JOB_LINES_PER_VAULT).map((job) => ({ text: jobLine(job, timeZone) })),
    remedies,
  };
}

function jobLine(job: JournalEntry, timeZone: string): string {
  const codes = job.errorCodes.length > 0 ? ` (${job.errorCodes.join(', ')})` : '';
  return `${job.vm}: ${jobStatusLabel(job.status)} at ${shortTime(job.end, timeZone)}${codes}`;
}

function staleLine(vm: DigestProtectedVm, now: Date, timeZone: string): string {
  if (vm.lastSuccessfulBackup === undefined) return `${vm.vm} (${vm.vault}): no successful backup on record`;
  return `${vm.vm} (${vm.vault}): last good backup ${shortTime(vm.lastSuccessfulBackup, timeZone)}, ${ago(vm.lastSuccessfulBackup, now)} ago${scheduleNote(vm, now)}`;
}

/** The age against the policy's schedule: how many runs were missed, or that none was due yet (a weekly policy). */
function scheduleNote(vm: DigestProtectedVm, now: Date): string {
  const interval = vm.scheduleIntervalHours;
  if (interval === undefined || vm.lastSuccessfulBackup === undefined) return '';
  const policy = vm.policy ? `policy ${vm.policy}` : 'its policy';
  const every = interval % 24 === 0 ? (interval === 24 ? 'daily' : `every ${interval / 24} days`) : `every ${interval} h`;
  const missed = Math.floor((now.getTime() - Date.parse(vm.lastSuccessfulBackup)) / (interval * 3_600_000));
  if (missed < 1) return `; ${policy} runs ${every}, so no run was missed yet`;
  return `; ${policy} runs ${every}: ${missed} scheduled run${missed === 1 ? '' : 's'} without a recovery point`;
}

function runningLine(job: DigestRunningJob, now: Date, timeZone: string): string {
  return `${job.vm} (${job.vault}): running since ${shortTime(job.start, timeZone)}, ${ago(job.start, now)}`;
}

function shortTime(iso: string | undefined, timeZone: string): string {
  return formatDateTime(iso, timeZone, 'unknown time');
}

function ago(iso: string, now: Date): string {
  const hours = Math.floor((now.getTime() - Date.parse(iso)) / 3_600_000);
  return hours >= 48 ? `${Math.floor(hours / 24)} days` : `${hours} h`;
}
