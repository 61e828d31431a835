import { computeCoverage, filterVms, type Coverage, type CoverageBucket, type CoverageEntry, type CoverageFilter } from '../backup/lifecycle/coverage';
import { portalUrl } from '../backup/portalLinks';
import { describeUnreadable } from '../backup/unreadableVaults';
import { errorCard } from '../bot/cards';
import type { CommandDefinition } from '../bot/commandTypes';
import { hasRole } from '../bot/roles';
import { CHECK_VERB } from './actions/checkAction';
import { PROTECT_VERB } from './actions/protectAction';
import { stringFlag } from './approvalRequest';
import { lifecycleCard, type CardButton, type CardRow } from './lifecycleCard';
import { formatInstant, plural, type CardColor } from './presentation';

const MAX_OFFENDERS = 8;
const MAX_GROUPS = 12;

const BUCKET_WORDS: Record<CoverageBucket, string> = {
  failing: 'failing',
  unprotected: 'unprotected',
  stale: 'stale',
  stopped: 'stopped',
  pending: 'awaiting first backup',
  protected: 'protected',
  unknown: 'unknown',
};
const BUCKET_COLORS: Record<CoverageBucket, CardColor> = {
  failing: 'Attention',
  unprotected: 'Attention',
  stale: 'Warning',
  stopped: 'Warning',
  pending: 'Accent',
  protected: 'Good',
  unknown: 'Default',
};

export const coverageCommand: CommandDefinition = {
  name: 'coverage',
  summary: 'The estate at a glance: VMs protected, unprotected, stopped, stale or failing, per subscription and region, worst first.',
  usage: 'coverage [--subscription S] [--region R]',
  examples: ['coverage', 'coverage --region westeurope', 'coverage --subscription 6b1f3c2a'],
  details:
    'Stale means the last backup is older than the configured threshold (STALE_BACKUP_HOURS, 48 h by default); failing means the last backup failed or completed with warnings (only a snapshot, no vault copy). The worst VMs are listed with a Check button, and a Protect button for operators.',
  flags: { subscription: 'string', region: 'string' },
  minRole: 'viewer',
  async run(ctx) {
    if (ctx.args.positional.length > 0) return { card: errorCard(`coverage takes no VM or vault name (got "${ctx.args.positional.join(' ').slice(0, 60)}"). Usage: ${coverageCommand.usage}`) };
    const filter: CoverageFilter = {};
    const subscription = stringFlag(ctx, 'subscription');
    const region = stringFlag(ctx, 'region');
    if (subscription !== undefined) filter.subscription = subscription;
    if (region !== undefined) filter.region = region;
    const { services } = ctx;
    const all = await services.backup.listVms();
    const coverage = computeCoverage(filterVms(all, filter), services.clock(), services.config.staleBackupHours);
    const unreadable = describeUnreadable(all.unreadable);
    return { card: coverageCard(coverage, filter, { staleHours: services.config.staleBackupHours, timeZone: services.config.defaultTimeZone, canProtect: hasRole(ctx.user.role, 'operator'), unreadable }) };
  },
};

interface CoverageCardOptions {
  staleHours: number;
  timeZone: string;
  canProtect: boolean;
  unreadable?: string;
}

export function coverageCard(coverage: Coverage, filter: CoverageFilter, options: CoverageCardOptions) {
  const { counts } = coverage;
  const scope = [filter.subscription ? `subscription ${filter.subscription}` : '', filter.region ? `region ${filter.region}` : ''].filter((s) => s !== '').join(', ');
  const needsWork = counts.failing + counts.unprotected + counts.stale + counts.stopped;
  return lifecycleCard({
    title: `Backup coverage${scope ? ` (${scope})` : ''}`,
    statusLabel: needsWork === 0 ? `All ${plural(coverage.total, 'VM')} protected and backed up` : `${plural(needsWork, 'VM')} of ${coverage.total} need attention`,
    statusColor: needsWork === 0 ? 'Good' : counts.failing + counts.unprotected > 0 ? 'Attention' : 'Warning',
    facts: (['protected', 'pending', 'unprotected', 'stopped', 'stale', 'failing', 'unknown'] as CoverageBucket[])
      .filter((bucket) => counts[bucket] > 0 || ['protected', 'unprotected', 'stopped', 'stale', 'failing'].includes(bucket))
      .map((bucket) => ({ title: capital(BUCKET_WORDS[bucket]), value: String(counts[bucket]) })),
    rows: coverage.offenders.slice(0, MAX_OFFENDERS).map((entry) => offenderRow(entry, options)),
    sections: [
      {
        heading: 'Per subscription and region',
        lines: coverage.groups.slice(0, MAX_GROUPS).map((g) => `**${g.region}** · ${g.subscriptionId}: ${g.total} VMs, ${summaryOf(g.counts)}`),
      },
    ],
    notes: [
      ...(coverage.offenders.length > MAX_OFFENDERS ? [`${coverage.offenders.length - MAX_OFFENDERS} more VMs need attention; narrow with --region or --subscription.`] : []),
      ...(options.unreadable ? [options.unreadable] : []),
    ],
    footer: `Stale: last backup older than ${options.staleHours} h. Failing: last backup failed or completed with warnings.`,
  });
}

function offenderRow(entry: CoverageEntry, options: CoverageCardOptions): CardRow {
  const { vm, bucket } = entry;
  const p = vm.protection;
  const buttons: CardButton[] = [{ title: 'Check', verb: CHECK_VERB, data: { vm: vm.id } }];
  if (bucket === 'unprotected' && options.canProtect) buttons.push({ title: 'Protect', verb: PROTECT_VERB, data: { vm: vm.id } });
  const last = p.lastBackupTime ? `last backup ${formatInstant(p.lastBackupTime, options.timeZone)}${p.lastBackupStatus ? ` (${p.lastBackupStatus})` : ''}` : bucket === 'unprotected' ? 'no backup' : 'never backed up';
  return {
    title: vm.name,
    subtitle: [`${vm.resourceGroup} · ${vm.region}`, p.vault ? `${p.vault}${p.policy ? ` · ${p.policy}` : ''}` : '', last].filter((s) => s !== '').join(' · '),
    detail: capital(BUCKET_WORDS[bucket]),
    color: BUCKET_COLORS[bucket],
    note: `[Open in the Azure portal](${portalUrl(vm.id, 'backup')})`,
    buttons,
  };
}

function summaryOf(counts: Coverage['counts']): string {
  const parts = (['protected', 'pending', 'unprotected', 'stopped', 'stale', 'failing', 'unknown'] as CoverageBucket[]).filter((b) => counts[b] > 0).map((b) => `${counts[b]} ${BUCKET_WORDS[b]}`);
  return parts.join(', ');
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
