import { errorCodesOf, jobStatusLabel, operationLabel } from '../backup/jobPhases';
import { vaultJobsLink } from '../backup/portalLinks';
import { withPortalLinks } from '../bot/portalActions';
import type { CardAttachment } from '../bot/chatTypes';
import { errorCard, renderCard } from '../bot/cards';
import type { CommandDefinition } from '../bot/commandTypes';
import { AmbiguousNameError } from '../backup/backupError';
import type { BackupService } from '../backup/backupService';
import { parseJobStatusWord, parseSince } from '../backup/jobFilter';
import { describeUnreadable } from '../backup/unreadableVaults';
import type { JobRow, JobStatus } from '../backup/views';
import { pageRange, type Page } from './paging';
import { fitPageAt } from './listCursor';
import { cursorAt, indexOf, newestFirst, type JobCursor } from './jobCursor';
import { formatShortInstant, jobStatusColor } from './presentation';
import { quoted } from '../userText';
import { checkFilterAgainst, describeFilter, FILTER_FLAGS, isEmptyFilter, matchesFilter, parseVmFilter, type VmFilter, type VmFilterInput } from '../backup/vmFilter';
import { filterData, filterInputOf } from './filterFlags';
import type { VmSummary } from '../backup/views';

/** What a `jobs` listing was asked for, as typed; a "Show more" click carries it back (parsed again). */
export interface JobsQuery {
  vault?: string;
  status?: string;
  since: string;
  vm?: string;
  /** --subscription, --rg, --tag, --name as typed: applied to each job's VM. */
  filter?: VmFilterInput;
}

export const DEFAULT_SINCE = '24h';
/** Most jobs fetched for one listing (newest first); the counts say when the limit was reached. */
export const JOBS_LIMIT = 200;
/**
 * Rows on one page, as on `vms` (issue 13.9: lists stay short). 25 rows made a card of ~24 KB,
 * over the size budget, so each page was templated two or three times to fit 23 (issue 16).
 */
export const JOBS_PAGE_ROWS = 10;
const USAGE = "jobs [--vault V] [--status failed|warnings|running|completed] [--since 24h|7d] [--vm NAME] [--rg RG] [--tag k=v] [--name 'web-*'] [--subscription S]";

export const jobsCommand: CommandDefinition = {
  name: 'jobs',
  summary: 'Recent backup jobs, newest first, with counts by status.',
  usage: USAGE,
  examples: ['jobs', 'jobs --status failed --since 7d', 'jobs --vault rsv-weu-prod --status warnings', 'jobs --vm vm-web-01', "jobs --rg rg-web --name 'vm-web-*' --since 7d"],
  details:
    'Jobs of the last 24 hours by default (--since takes minutes m, hours h, days d or weeks w, up to 90 days). --status: failed, warnings (completed with warnings: snapshot only, no vault copy), running or completed. Filtering happens in Azure. --rg, --tag key=value, --name (with * and ? wildcards) and --subscription keep the jobs of the VMs that match.',
  flags: { vault: 'string', status: 'string', since: 'string', vm: 'string', ...FILTER_FLAGS },
  minRole: 'viewer',
  async run({ args, services }) {
    const vaultFlag = typeof args.flags.vault === 'string' ? args.flags.vault : undefined;
    if (args.positional.length > 1 || (args.positional.length === 1 && vaultFlag !== undefined)) {
      return { card: errorCard(`I did not understand ${quoted(args.positional.join(' '))}. Usage: ${USAGE}`) };
    }
    const query: JobsQuery = {
      vault: vaultFlag ?? args.positional[0],
      status: typeof args.flags.status === 'string' ? args.flags.status : undefined,
      since: typeof args.flags.since === 'string' ? args.flags.since : DEFAULT_SINCE,
      vm: typeof args.flags.vm === 'string' ? args.flags.vm : undefined,
      filter: filterInputOf(args.flags),
    };
    return { card: await jobsCard(services.backup, query, 0, services.clock(), services.config.defaultTimeZone) };
  },
};

/**
 * The `jobs` card for one page (the command and "Show more" both come here). `from` is where the
 * page starts: a cursor (the row a Show more / Show previous button was next to), or a row number
 * (the first page, and buttons posted before cursors).
 */
export async function jobsCard(backup: BackupService, query: JobsQuery, from: number | JobCursor, now: Date, timeZone: string): Promise<CardAttachment> {
  // Parse everything before the first Azure call: bad input changes nothing and costs nothing.
  const status = query.status !== undefined ? parseJobStatusWord(query.status) : undefined;
  const since = parseSince(query.since, now);
  const filter = parseVmFilter(query.filter ?? {});
  if (query.vm !== undefined) await checkVmExists(backup, query.vm);
  const vault = query.vault !== undefined ? await backup.resolveVault(query.vault) : undefined;
  const keep = await jobFilter(backup, filter);
  const jobs = keep(await backup.listJobRows({ vault: vault?.id, status, since, vm: query.vm, limit: JOBS_LIMIT })).sort(newestFirst);
  // The counters describe the whole window, whatever the status filter shows (issue 13.7).
  const window = status === undefined ? jobs : keep(await backup.listJobRows({ vault: vault?.id, since, vm: query.vm, limit: JOBS_LIMIT }));
  const header = headerOf(jobs, window, query, vault?.name, status, timeZone);
  const unread = describeUnreadable(jobs.unreadable);
  if (unread) header.note = [unread, header.note].filter((part) => part !== '').join(' ');
  const links = vault ? [vaultJobsLink(vault.id)] : [];
  // A page with long rows (many error codes) is rendered again while it is fitted under the size
  // limit: each row's texts are built once (issue 16).
  const rowOf = memoized((job: JobRow) => jobRow(job, timeZone));
  const render = (page: Page<JobRow>) => renderCard('jobs', viewModel(page, header, { ...query, vault: vault?.id }, rowOf));
  const paged = fitPageAt(jobs, typeof from === 'number' ? from : { index: indexOf(jobs, from), forward: from.direction === 'older' }, render, JOBS_PAGE_ROWS);
  return withPortalLinks(paged.card, links);
}

/**
 * Keeps the jobs whose VM matches --subscription/--rg/--tag/--name (the list keeps its unreadable
 * vaults). Tags come from the VM list (cached), looked up by the job's subscription, group and VM name.
 */
async function jobFilter(backup: BackupService, filter: VmFilter): Promise<<T extends JobRow[]>(jobs: T) => T> {
  if (isEmptyFilter(filter)) return (jobs) => jobs;
  const vms = await backup.listVms();
  checkFilterAgainst(filter, vms);
  const byPlace = new Map<string, VmSummary>(vms.map((vm) => [`${vm.subscriptionId}/${vm.resourceGroup}/${vm.name}`.toLowerCase(), vm]));
  return <T extends JobRow[]>(jobs: T): T => {
    const kept = jobs.filter((job) => {
      const vm = byPlace.get(`${job.subscriptionId ?? ''}/${job.vmResourceGroup ?? ''}/${job.vm}`.toLowerCase());
      return matchesFilter({ name: job.vm, resourceGroup: vm?.resourceGroup ?? job.vmResourceGroup, subscriptionId: job.subscriptionId, tags: vm?.tags }, filter);
    });
    return Object.defineProperty(kept, 'unreadable', { value: (jobs as T & { unreadable?: unknown }).unreadable, enumerable: false }) as T;
  };
}

/** A VM name nobody has gets the closest names; a name several VMs share is fine (all their jobs). */
async function checkVmExists(backup: BackupService, vm: string): Promise<void> {
  try {
    await backup.resolveVm(vm);
  } catch (err) {
    if (!(err instanceof AmbiguousNameError)) throw err;
  }
}

interface Header {
  title: string;
  filters: string;
  counts: Array<{ count: string; label: string; color: string }>;
  note: string;
}

function headerOf(jobs: JobRow[], window: JobRow[], query: JobsQuery, vaultName: string | undefined, status: JobStatus | undefined, timeZone: string): Header {
  const count = (wanted: JobStatus[]) => String(window.filter((job) => wanted.includes(job.status)).length + (window.length >= JOBS_LIMIT ? '+' : ''));
  const filters = [
    vaultName ? `vault ${vaultName}` : 'all vaults',
    status ? jobStatusLabel(status).toLowerCase() : 'any status',
    query.vm ? `VM ${query.vm}` : undefined,
    describeFilter(parseVmFilter(query.filter ?? {})) || undefined,
    'newest first',
    `times in ${timeZone}`,
  ].filter((part) => part !== undefined);
  return {
    title: `Backup jobs in the last ${spanWords(query.since)} (${jobs.length}${jobs.length >= JOBS_LIMIT ? '+' : ''})`,
    filters: filters.join(' · '),
    counts: [
      { count: count(['Failed']), label: 'Failed', color: 'Attention' },
      { count: count(['CompletedWithWarnings']), label: 'Warnings', color: 'Warning' },
      { count: count(['InProgress', 'Cancelling']), label: 'Running', color: 'Accent' },
      { count: count(['Completed']), label: 'Completed', color: 'Good' },
    ],
    note:
      jobs.length >= JOBS_LIMIT
        ? `Only the ${JOBS_LIMIT} most recent jobs are listed and counted: narrow the search with --vault, --status, --vm or a shorter --since.`
        : jobs.length === 0
          ? 'No job matches these filters.'
          : '',
  };
}

/** One row of the card: what the template shows for a job. */
function jobRow(job: JobRow, timeZone: string) {
  return {
    status: jobStatusLabel(job.status),
    color: jobStatusColor(job.status),
    vm: job.vm || 'unknown VM',
    operation: operationLabel(job.operation),
    vault: job.vault,
    detail: [...errorCodesOf(job), `job ${job.id}`].join(' · '),
    started: formatShortInstant(job.start, timeZone),
    duration: job.duration || '-',
    details: { jobId: job.id },
  };
}

function memoized<K, V>(make: (key: K) => V): (key: K) => V {
  const made = new Map<K, V>();
  return (key) => {
    let value = made.get(key);
    if (value === undefined) {
      value = make(key);
      made.set(key, value);
    }
    return value;
  };
}

function viewModel(page: Page<JobRow>, header: Header, query: JobsQuery, rowOf: (job: JobRow) => ReturnType<typeof jobRow>) {
  const left = page.nextOffset === undefined ? 0 : page.total - page.nextOffset;
  return {
    ...header,
    range: page.total === 0 ? '' : `${pageRange(page)}.`,
    jobs: page.rows.map(rowOf),
    hint: 'Click **Details** (or type **job ID**) for the phases, the errors and what to do about them.',
    hasPrevious: page.previousOffset !== undefined,
    previous: more(query, page.previousOffset ?? 0, page.rows[0] && cursorAt(page.rows[0], 'newer')),
    hasMore: page.nextOffset !== undefined,
    moreTitle: `Show more (${left} left)`,
    more: more(query, page.nextOffset ?? 0, page.rows.at(-1) && cursorAt(page.rows.at(-1)!, 'older')),
  };
}

/**
 * Data of a Show more / Show previous button: the listing's query and where the page starts. The
 * cursor decides (the list may have grown since); the offset is the same place as a row number.
 */
function more(query: JobsQuery, offset: number, cursor: JobCursor | undefined) {
  return { list: 'jobs', vault: query.vault ?? '', status: query.status ?? '', since: query.since, vm: query.vm ?? '', offset, ...(cursor ? { cursor } : {}), ...filterData(query.filter) };
}

function spanWords(since: string): string {
  const match = /^(\d+)\s*(m|min|h|d|w)$/i.exec(since.trim());
  if (!match) return since;
  const amount = Number(match[1]);
  const unit = { m: 'minute', min: 'minute', h: 'hour', d: 'day', w: 'week' }[match[2].toLowerCase() as 'm' | 'min' | 'h' | 'd' | 'w'];
  return amount === 1 ? unit : `${amount} ${unit}s`;
}
