import type { Storage } from '../store/storage';
import { DateTime } from 'luxon';
import type { JobView } from '../backup/jobPhases';
import { readItem, updateItem } from '../store/storeHelpers';
import type { ProtectedVmInfo, VaultInfo } from './ports';

/**
 * What the watcher remembers for the digest, so a digest needs no ARM call of its own:
 * every terminal backup job it saw (in one document per vault and UTC day of the job's end),
 * the jobs still running, and the last successful backup of each protected VM.
 */

export interface JournalEntry {
  id: string;
  vm: string;
  vaultId: string;
  vault: string;
  status: string;
  start?: string;
  end?: string;
  errorCodes: string[];
}

export interface RunningJob {
  id: string;
  vm: string;
  start: string;
}

export interface ProtectedVmState {
  vm: string;
  policy?: string;
  lastSuccessfulBackup?: string;
  scheduleIntervalHours?: number;
}

export interface ProtectedSnapshot {
  vaultId: string;
  vault: string;
  refreshedAt: string;
  vms: Record<string, ProtectedVmState>;
}

interface JournalDay {
  jobs: Record<string, JournalEntry>;
}

/** Days of job history kept for digests; a digest window is capped to this. */
export const JOURNAL_DAYS = 31;

export const journalKey = (vaultId: string, day: string) => `notify/journal/${vaultId.toLowerCase()}/${day}`;
export const protectedKey = (vaultId: string) => `notify/protected/${vaultId.toLowerCase()}`;

export class JobJournal {
  constructor(private readonly storage: Storage) {}

  /** Adds terminal jobs to their day documents (idempotent: keyed by job id). */
  async record(vault: VaultInfo, jobs: JobView[]): Promise<void> {
    const byDay = new Map<string, JournalEntry[]>();
    for (const job of jobs) {
      const day = dayOf(job.end ?? job.start);
      if (day === undefined) continue;
      const list = byDay.get(day) ?? [];
      list.push(toEntry(vault, job));
      byDay.set(day, list);
    }
    for (const [day, entries] of byDay) {
      await updateItem<JournalDay>(this.storage, journalKey(vault.id, day), (doc) => {
        const next = { jobs: { ...(doc?.jobs ?? {}) } };
        for (const entry of entries) next.jobs[entry.id] = entry;
        return next;
      });
    }
  }

  /** Terminal jobs of the given vaults that ended in [from, to). */
  async ended(vaultIds: string[], from: Date, to: Date): Promise<JournalEntry[]> {
    const days = daysBetween(from, to);
    const keys = vaultIds.flatMap((id) => days.map((day) => journalKey(id, day)));
    if (keys.length === 0) return [];
    const items = await this.storage.read(keys);
    const entries: JournalEntry[] = [];
    for (const key of keys) {
      const doc = items[key] as unknown as JournalDay | undefined;
      for (const entry of Object.values(doc?.jobs ?? {})) {
        const end = Date.parse(entry.end ?? entry.start ?? '');
        if (end >= from.getTime() && end < to.getTime()) entries.push(entry);
      }
    }
    return entries;
  }

  /** Deletes day documents older than the retention (called by the watcher now and then). */
  async prune(vaultId: string, now: Date): Promise<void> {
    const keys: string[] = [];
    for (let age = JOURNAL_DAYS + 1; age <= JOURNAL_DAYS + 7; age++) {
      keys.push(journalKey(vaultId, DateTime.fromJSDate(now, { zone: 'utc' }).minus({ days: age }).toISODate()!));
    }
    await this.storage.delete(keys);
  }

  async protectedVms(vaultId: string): Promise<ProtectedSnapshot | undefined> {
    return readItem<ProtectedSnapshot>(this.storage, protectedKey(vaultId));
  }

  /** Replaces the snapshot from a fresh protected-items listing, keeping newer successes seen in jobs. */
  async refreshProtected(vault: VaultInfo, vms: ProtectedVmInfo[], now: Date): Promise<void> {
    await updateItem<ProtectedSnapshot>(this.storage, protectedKey(vault.id), (current) => {
      const next: ProtectedSnapshot = { vaultId: vault.id, vault: vault.name, refreshedAt: now.toISOString(), vms: {} };
      for (const vm of vms) {
        const known = current?.vms[vm.vm.toLowerCase()]?.lastSuccessfulBackup;
        next.vms[vm.vm.toLowerCase()] = {
          vm: vm.vm,
          policy: vm.policy,
          lastSuccessfulBackup: latest(vm.lastSuccessfulBackup, known),
          ...(vm.scheduleIntervalHours !== undefined ? { scheduleIntervalHours: vm.scheduleIntervalHours } : {}),
        };
      }
      return next;
    });
  }

  /** Moves each VM's last successful backup forward from completed jobs. */
  async recordSuccesses(vault: VaultInfo, jobs: JobView[]): Promise<void> {
    const successes = jobs.filter((job) => job.status === 'Completed' && (job.end ?? job.start) !== undefined);
    if (successes.length === 0) return;
    await updateItem<ProtectedSnapshot>(this.storage, protectedKey(vault.id), (current) => {
      if (current === undefined) return undefined; // the next refresh lists the VMs
      const next = { ...current, vms: { ...current.vms } };
      for (const job of successes) {
        const key = job.vm.toLowerCase();
        const vm = next.vms[key] ?? { vm: job.vm };
        next.vms[key] = { ...vm, lastSuccessfulBackup: latest(vm.lastSuccessfulBackup, job.end ?? job.start) };
      }
      return next;
    });
  }
}

function toEntry(vault: VaultInfo, job: JobView): JournalEntry {
  return {
    id: job.id,
    vm: job.vm,
    vaultId: vault.id,
    vault: vault.name,
    status: job.status,
    start: job.start,
    end: job.end,
    errorCodes: job.errors.map((error) => error.code),
  };
}

function dayOf(iso: string | undefined): string | undefined {
  if (iso === undefined) return undefined;
  return DateTime.fromISO(iso, { zone: 'utc' }).toISODate() ?? undefined;
}

function daysBetween(from: Date, to: Date): string[] {
  const days: string[] = [];
  let day = DateTime.fromJSDate(from, { zone: 'utc' }).startOf('day');
  const last = DateTime.fromJSDate(to, { zone: 'utc' });
  for (let i = 0; day <= last && i <= JOURNAL_DAYS + 1; i++, day = day.plus({ days: 1 })) days.push(day.toISODate()!);
  return days;
}

function latest(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}
