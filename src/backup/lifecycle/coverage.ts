import { closestNames } from '../closestNames';
import { InvalidInputError } from '../backupError';
import type { VmSummary } from '../views';

/**
 * The estate at a glance: each VM in exactly one bucket, worst first. Stale = the last backup is
 * older than the configured threshold (STALE_BACKUP_HOURS); failing = the last backup failed or
 * left only a snapshot (completed with warnings); unknown = its vault could not be read.
 */
export type CoverageBucket = 'failing' | 'unprotected' | 'stale' | 'stopped' | 'pending' | 'protected' | 'unknown';

export const BUCKET_ORDER: CoverageBucket[] = ['failing', 'unprotected', 'stale', 'stopped', 'pending', 'protected', 'unknown'];

export type Counts = Record<CoverageBucket, number>;

export interface CoverageGroup {
  subscriptionId: string;
  region: string;
  total: number;
  counts: Counts;
}

export interface CoverageEntry {
  vm: VmSummary;
  bucket: CoverageBucket;
  /** Hours since the last backup, when there was one. */
  ageHours?: number;
}

export interface Coverage {
  total: number;
  counts: Counts;
  groups: CoverageGroup[];
  /** Failing, unprotected, stale and stopped VMs, worst first. */
  offenders: CoverageEntry[];
}

export interface CoverageFilter {
  subscription?: string;
  region?: string;
}

export function classify(vm: VmSummary, now: Date, staleHours: number): CoverageEntry {
  const p = vm.protection;
  const ageHours = p.lastBackupTime ? (now.getTime() - Date.parse(p.lastBackupTime)) / 3_600_000 : undefined;
  const base = { vm, ...(ageHours !== undefined ? { ageHours } : {}) };
  switch (p.state) {
    case 'NotProtected':
      return { ...base, bucket: 'unprotected' };
    case 'Unknown':
      return { ...base, bucket: 'unknown' };
    case 'ProtectionStopped':
      return { ...base, bucket: 'stopped' };
    default:
      break;
  }
  const status = (p.lastBackupStatus ?? '').toLowerCase();
  if (status === 'failed' || status === 'completedwithwarnings' || p.state === 'ProtectionError' || (p.health ?? '').toLowerCase() === 'actionrequired') return { ...base, bucket: 'failing' };
  if (ageHours === undefined) return { ...base, bucket: 'pending' };
  if (ageHours > staleHours) return { ...base, bucket: 'stale' };
  return { ...base, bucket: 'protected' };
}

/** Validates the filter against the estate (a specific sentence for an unknown subscription or region). */
export function filterVms(vms: readonly VmSummary[], filter: CoverageFilter): VmSummary[] {
  let selected = [...vms];
  if (filter.subscription !== undefined) {
    const wanted = filter.subscription.trim().toLowerCase();
    const ids = [...new Set(vms.map((vm) => vm.subscriptionId))];
    if (!/^[0-9a-f-]{4,36}$/.test(wanted)) throw new InvalidInputError(`"${filter.subscription.slice(0, 60)}" is not a subscription id (or the start of one). Subscriptions with VMs: ${ids.join(', ')}.`);
    const matching = ids.filter((id) => id.toLowerCase().startsWith(wanted));
    if (matching.length === 0) throw new InvalidInputError(`The bot sees no VM in subscription ${filter.subscription}. Subscriptions with VMs: ${ids.join(', ')}.`);
    if (matching.length > 1) throw new InvalidInputError(`"${filter.subscription}" starts several subscription ids (${matching.join(', ')}); give more of it.`);
    selected = selected.filter((vm) => vm.subscriptionId === matching[0]);
  }
  if (filter.region !== undefined) {
    const wanted = normal(filter.region);
    const regions = [...new Set(vms.map((vm) => normal(vm.region)))].sort();
    if (!regions.includes(wanted)) {
      const close = closestNames(wanted, regions);
      throw new InvalidInputError(`The bot sees no VM in region "${filter.region.slice(0, 60)}".${close.length > 0 ? ` Did you mean ${close.join(' or ')}?` : ''} Regions with VMs: ${regions.join(', ')}.`);
    }
    selected = selected.filter((vm) => normal(vm.region) === wanted);
  }
  return selected;
}

export function computeCoverage(vms: readonly VmSummary[], now: Date, staleHours: number): Coverage {
  const entries = vms.map((vm) => classify(vm, now, staleHours));
  const groups = new Map<string, CoverageGroup>();
  for (const entry of entries) {
    const key = `${entry.vm.subscriptionId.toLowerCase()}|${normal(entry.vm.region)}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { subscriptionId: entry.vm.subscriptionId, region: normal(entry.vm.region), total: 0, counts: emptyCounts() }));
    group.total++;
    group.counts[entry.bucket]++;
  }
  const counts = emptyCounts();
  for (const entry of entries) counts[entry.bucket]++;
  const offenderRank: Partial<Record<CoverageBucket, number>> = { failing: 0, unprotected: 1, stale: 2, stopped: 3 };
  const offenders = entries
    .filter((entry) => offenderRank[entry.bucket] !== undefined)
    .sort((a, b) => offenderRank[a.bucket]! - offenderRank[b.bucket]! || (b.ageHours ?? 0) - (a.ageHours ?? 0) || a.vm.name.localeCompare(b.vm.name));
  return {
    total: entries.length,
    counts,
    groups: [...groups.values()].sort((a, b) => badness(b.counts) - badness(a.counts) || a.subscriptionId.localeCompare(b.subscriptionId) || a.region.localeCompare(b.region)),
    offenders,
  };
}

/** "3 VMs unprotected, 2 stale, 1 failing": the digest line (empty when all is well). */
export function coverageLine(counts: Counts): string {
  const parts: string[] = [];
  if (counts.unprotected > 0) parts.push(`${counts.unprotected} VM${counts.unprotected === 1 ? '' : 's'} unprotected`);
  if (counts.stale > 0) parts.push(`${counts.stale} stale`);
  if (counts.failing > 0) parts.push(`${counts.failing} failing`);
  if (counts.stopped > 0) parts.push(`${counts.stopped} with protection stopped`);
  return parts.join(', ');
}

function badness(counts: Counts): number {
  return counts.failing * 1000 + counts.unprotected * 100 + counts.stale * 10 + counts.stopped;
}

function emptyCounts(): Counts {
  return { failing: 0, unprotected: 0, stale: 0, stopped: 0, pending: 0, protected: 0, unknown: 0 };
}

function normal(region: string): string {
  return region.replace(/\s+/g, '').toLowerCase();
}
