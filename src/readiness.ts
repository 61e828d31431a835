import type { Storage } from './store/storage';
import type { WatcherHealth } from './notify/jobWatcher';
import { StorageUnwritableError } from './store/storageErrors';

/** One check of /readyz: ok or not, and what it saw. */
export interface ReadinessCheck {
  ok: boolean;
  detail: string;
}

export interface ReadinessReport {
  status: 'ready' | 'not ready';
  /** Why not ready: one sentence per failed check (empty when ready). */
  reasons: string[];
  checks: Record<'storage' | 'lease' | 'outbox' | 'watcher', ReadinessCheck>;
}

export interface ReadinessSources {
  storage: Storage;
  /** Does this process hold the lease (and so drain the outbox and run the watcher)? */
  isLeader: () => boolean;
  /** Age of the oldest message waiting in this process's outbox, undefined when none. */
  oldestOutboxAgeMs: () => number | undefined;
  watcher: () => WatcherHealth;
  /** Does this process run the watcher on a timer (off in tests that drive it by hand)? */
  watcherScheduled: boolean;
  watchIntervalMs: number;
  startedAt: Date;
  /** Oldest outbox message tolerated before readiness fails (default 15 minutes: longer than any Retry-After seen). */
  maxOutboxAgeMs?: number;
  now?: () => number;
}

const PROBE_KEY = 'health/readiness-probe';

/**
 * Readiness (as opposed to liveness, /healthz): can this process do its job right now? Storage must
 * take a write; on the lease holder, the outbox must be moving and the watcher must have completed a
 * pass recently. A follower (lease held elsewhere) is ready: it answers commands.
 */
export async function checkReadiness(sources: ReadinessSources): Promise<ReadinessReport> {
  const now = sources.now?.() ?? Date.now();
  const leader = sources.isLeader();
  const checks: ReadinessReport['checks'] = {
    storage: await checkStorage(sources.storage),
    lease: { ok: true, detail: leader ? 'held by this process (it drains the outbox and runs the watcher)' : 'held by another process, or nobody yet' },
    outbox: checkOutbox(leader, sources.oldestOutboxAgeMs(), sources.maxOutboxAgeMs ?? 15 * 60_000),
    watcher: checkWatcher(leader, sources, now),
  };
  const reasons = Object.entries(checks)
    .filter(([, check]) => !check.ok)
    .map(([name, check]) => `${name}: ${check.detail}`);
  return { status: reasons.length === 0 ? 'ready' : 'not ready', reasons, checks };
}

async function checkStorage(storage: Storage): Promise<ReadinessCheck> {
  try {
    await storage.write({ [PROBE_KEY]: { at: new Date().toISOString(), eTag: '*' } });
    await storage.delete([PROBE_KEY]);
    return { ok: true, detail: 'writable' };
  } catch (err) {
    if (err instanceof StorageUnwritableError) return { ok: false, detail: `cannot be written: ${err.reason} (${err.location})` };
    return { ok: false, detail: `a test write failed: ${String(err).slice(0, 200)}` };
  }
}

function checkOutbox(leader: boolean, oldestAgeMs: number | undefined, maxAgeMs: number): ReadinessCheck {
  if (!leader) return { ok: true, detail: 'drained by the lease holder' };
  if (oldestAgeMs === undefined) return { ok: true, detail: 'empty' };
  const age = `the oldest message has waited ${Math.round(oldestAgeMs / 1000)} s`;
  return oldestAgeMs > maxAgeMs ? { ok: false, detail: `${age} (more than ${Math.round(maxAgeMs / 60_000)} min): Teams is refusing or throttling sends` } : { ok: true, detail: age };
}

function checkWatcher(leader: boolean, sources: ReadinessSources, now: number): ReadinessCheck {
  if (!leader) return { ok: true, detail: 'run by the lease holder' };
  if (!sources.watcherScheduled) return { ok: true, detail: 'not scheduled in this process' };
  const health = sources.watcher();
  // Three missed intervals (at least 5 minutes) before saying so: one slow pass is not an outage.
  const allowedMs = Math.max(3 * sources.watchIntervalMs, 5 * 60_000);
  const since = health.lastSuccessAt ?? sources.startedAt;
  if (now - since.getTime() <= allowedMs) {
    return { ok: true, detail: health.lastSuccessAt ? `last complete pass ${health.lastSuccessAt.toISOString()}` : 'first pass pending' };
  }
  const last = health.lastSuccessAt ? `no pass has succeeded since ${health.lastSuccessAt.toISOString()}` : `no pass has succeeded since the start (${sources.startedAt.toISOString()})`;
  return { ok: false, detail: `${last}${health.lastError ? `; last error: ${health.lastError}` : ''}` };
}
