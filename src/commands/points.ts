import { errorCard } from '../bot/cards';
import type { CommandDefinition } from '../bot/commandTypes';
import { TIER_MEANING, type PointTier, type RecoveryPointList, type RecoveryPointView } from '../backup/lifecycle/recoveryPoints';
import { vmBackupUrl } from '../backup/portalLinks';
import { lifecycleCard, type CardRow } from './lifecycleCard';
import { formatInstant, plural, type CardColor } from './presentation';
import { quoted } from '../userText';

/** Rows on the card; the count line says how many more there are. */
const MAX_ROWS = 25;

const TIER_LABEL: Record<PointTier, string> = { snapshot: 'Snapshot only', vault: 'Vault', both: 'Snapshot + vault' };
const TIER_COLOR: Record<PointTier, CardColor> = { snapshot: 'Warning', vault: 'Default', both: 'Good' };

export const pointsCommand: CommandDefinition = {
  name: 'points',
  summary: 'Recovery points of a VM: when, where (snapshot, vault or both), until when, and what each allows.',
  usage: 'points <vm>',
  examples: ['points vm-web-01', 'points rg-web/vm-web-01'],
  details:
    'A recovery point lives as an instant-restore snapshot (kept 1-5 days by a standard policy, up to 30 by an Enhanced one), as a copy in the vault, or both. A backup that completed with warnings has only the snapshot. Restore itself is done in the Azure portal: the card links to the VM\'s Backup page.',
  minRole: 'viewer',
  async run({ args, services }) {
    if (args.positional.length !== 1) {
      return { card: errorCard(args.positional.length === 0 ? 'Which VM? Usage: points <vm>' : `Name one VM only (got ${quoted(args.positional.join(' '))}). Usage: points <vm>`) };
    }
    const lifecycle = services.lifecycle;
    const list = await lifecycle.recoveryPoints(args.positional[0]);
    return { card: pointsCard(list, services.config.defaultTimeZone) };
  },
};

export function pointsCard(list: RecoveryPointList, timeZone: string) {
  const { vm, vault, points } = list;
  const tiers = new Set(points.map((p) => p.tier));
  const stopped = list.protectionState === 'ProtectionStopped';
  return lifecycleCard({
    title: `Recovery points of ${vm.name}`,
    statusLabel: points.length === 0 ? 'No recovery point yet' : plural(points.length, 'recovery point'),
    statusColor: points.length === 0 ? 'Warning' : 'Good',
    summary:
      points.length === 0
        ? `${vm.name} has no recovery point in vault ${vault.name} yet: the first backup has not finished. Type **backup ${vm.name}** to take one now.`
        : `Newest first, times in ${timeZone}. ${stopped ? 'Protection is stopped: these points are kept until the backup data is deleted.' : ''}`.trim(),
    facts: [
      { title: 'Vault', value: `${vault.name} (${vault.resourceGroup})` },
      { title: 'Newest', value: points[0] ? formatInstant(points[0].time, timeZone) : '' },
      { title: 'Oldest', value: points.length > 1 ? formatInstant(points[points.length - 1].time, timeZone) : '' },
    ],
    rows: points.slice(0, MAX_ROWS).map((point) => pointRow(point, timeZone)),
    sections: [{ heading: 'What each kind allows', lines: (['both', 'vault', 'snapshot'] as PointTier[]).filter((t) => tiers.has(t)).map((t) => `**${TIER_LABEL[t]}**: ${TIER_MEANING[t]}`) }],
    notes: points.length > MAX_ROWS ? [`${points.length - MAX_ROWS} older points are not shown; the portal lists them all.`] : [],
    footer: 'Restores are done in the Azure portal (Restore VM, or File Recovery for single files), from the VM\'s Backup page.',
    links: [{ title: 'Restore in the Azure portal', url: vmBackupUrl(vm.id) }],
  });
}

function pointRow(point: RecoveryPointView, timeZone: string): CardRow {
  const expiry = point.expiry ? `kept until ${formatInstant(point.expiry, timeZone)}` : 'kept until the backup data is deleted';
  return {
    title: formatInstant(point.time, timeZone),
    subtitle: [point.consistency ? consistencyLabel(point.consistency) : '', expiry].filter((s) => s !== '').join(' · '),
    detail: TIER_LABEL[point.tier],
    color: TIER_COLOR[point.tier],
  };
}

function consistencyLabel(type: string): string {
  return type.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase()).replace(/ C/, ' c');
}
