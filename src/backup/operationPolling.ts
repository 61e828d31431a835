import { setTimeout as abortableSleep } from 'node:timers/promises';
import { BackupError } from './backupError';
import { lookupError } from './errorCatalogue';

/**
 * The 202 flows of Recovery Services (trigger backup, refresh containers, configure protection,
 * policy updates) answer with Location / Azure-AsyncOperation headers and no body. The operation id
 * is the last segment of those URLs; its status is then read until it is no longer in progress.
 */

export interface HeaderBag {
  get(name: string): string | undefined;
}

export interface PollSettings {
  intervalMs: number;
  timeoutMs: number;
  /**
   * Longest wait a Retry-After may impose between two reads. Azure sends Retry-After: 60 on its
   * 202s since 2024 (FINDINGS (i)) while the operation it names usually ends in 1-2 s (backup now)
   * or 30-100 s (configure protection): honoured up to this cap. Default: `intervalMs` (ignored).
   */
  maxRetryAfterMs?: number;
  /**
   * Aborted when the bot shuts down (app.ts, after approved writes had their grace): the poll stops
   * before its next read or during its wait with `PollAborted`. The operation goes on in Azure; an
   * approval left 'approving' is finished from Azure at the next start.
   */
  signal?: AbortSignal;
}

/** A poll stopped by shutdown (PollSettings.signal): not a failure of the operation, whose outcome is still to be read. */
export class PollAborted extends Error {
  override readonly name = 'PollAborted';
  constructor(what: string) {
    super(`stopped following ${what}: the bot is shutting down (the operation goes on in Azure)`);
  }
}

export function isPollAborted(err: unknown): err is PollAborted {
  return err instanceof Error && err.name === 'PollAborted';
}

/** An operation that ended without doing what was asked: Failed, or cancelled (Azure spells it both ways). */
export function operationUnsuccessful(status: string | undefined): boolean {
  return status === 'Failed' || status === 'Canceled' || status === 'Cancelled';
}

/**
 * The sentence for such an operation, "Azure could not <task>: <why> <what to do>": Azure's message,
 * or the catalogue's meaning of its code when it sent none, then the catalogue's remedy.
 */
export function operationFailure(task: string, error: { code?: string; message?: string } | undefined): BackupError {
  const entry = lookupError(error?.code);
  return new BackupError('operation-failed', `Azure could not ${task}: ${error?.message?.trim() || entry.meaning} ${entry.action}`, { azureCode: error?.code });
}

const OPERATION_URL = /\/(?:operationsStatus|operationStatus|operationResults|backupOperations|operations)\/([^/?#]+)/i;

/** Operation id from Azure-AsyncOperation, else Location; undefined when neither carries one. */
export function operationIdFromHeaders(headers: HeaderBag): string | undefined {
  for (const name of ['azure-asyncoperation', 'location']) {
    const url = headers.get(name);
    const match = url ? OPERATION_URL.exec(url) : null;
    if (match) return decodeURIComponent(match[1]);
  }
  return undefined;
}

/** Seconds from Retry-After, used to pace polling (bounded by the caller). */
export function retryAfterMs(headers: HeaderBag): number | undefined {
  const raw = headers.get('retry-after');
  const seconds = raw === undefined ? NaN : Number(raw);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** `wait(ms)` or the abort, whichever comes first (then PollAborted); our own sleep is a timer the abort also clears. */
async function waitUnlessAborted(wait: (ms: number) => Promise<void>, ms: number, signal: AbortSignal | undefined, what: string): Promise<void> {
  if (signal === undefined) return wait(ms);
  if (signal.aborted) throw new PollAborted(what);
  if (wait !== sleep) return unlessAborted(wait(ms), signal, what);
  await abortableSleep(ms, undefined, { signal }).catch((err: unknown) => {
    throw signal.aborted ? new PollAborted(what) : err;
  });
}

/**
 * The read (or wait), or PollAborted as soon as the signal fires: a read Azure holds (or whose SDK
 * call got no signal) does not keep shutdown waiting. The abandoned read settles on its own, unobserved.
 */
async function unlessAborted<T>(work: Promise<T>, signal: AbortSignal | undefined, what: string): Promise<T> {
  if (signal === undefined) return work;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new PollAborted(what));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  work.catch(() => undefined);
  try {
    return await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort!);
  }
}

/**
 * Reads until `isDone`, waiting `intervalMs` between reads, and gives up with a BackupError after
 * `timeoutMs` (the operation keeps running in Azure; the message says where to look). With
 * `settings.signal` aborted it stops with PollAborted at once: before a read, during a wait, or
 * during a read (which is abandoned; the backup service's SDK status reads get the signal too).
 */
export async function pollUntil<T>(
  read: () => Promise<T>,
  isDone: (value: T) => boolean,
  settings: PollSettings,
  what: string,
  wait: (ms: number) => Promise<void> = sleep,
  retryAfterOf: (value: T) => number | undefined = () => undefined,
  firstWaitMs?: number,
): Promise<T> {
  const deadline = Date.now() + settings.timeoutMs;
  const signal = settings.signal;
  if (firstWaitMs !== undefined && firstWaitMs > 0) await waitUnlessAborted(wait, Math.min(firstWaitMs, settings.timeoutMs), signal, what);
  for (;;) {
    if (signal?.aborted) throw new PollAborted(what);
    let value: T;
    try {
      value = await unlessAborted(read(), signal, what);
    } catch (err) {
      if (signal?.aborted) throw new PollAborted(what);
      throw err;
    }
    if (isDone(value)) return value;
    const delay = pollDelay(settings, retryAfterOf(value));
    if (Date.now() + delay > deadline) {
      throw new BackupError('timeout', `Azure has not finished ${what} after ${Math.round(settings.timeoutMs / 1000)} seconds; it may still complete, so check the vault's backup jobs in a few minutes.`);
    }
    await waitUnlessAborted(wait, delay, signal, what);
  }
}

/** The wait before the next read: Retry-After when Azure sent one, up to the cap; else the interval. */
export function pollDelay(settings: PollSettings, retryAfter: number | undefined): number {
  if (retryAfter === undefined) return settings.intervalMs;
  const cap = settings.maxRetryAfterMs ?? settings.intervalMs;
  return Math.max(0, Math.min(retryAfter, cap));
}
