import { BackupError } from './backupError';

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

/**
 * Reads until `isDone`, waiting `intervalMs` between reads, and gives up with a BackupError after
 * `timeoutMs` (the operation keeps running in Azure; the message says where to look).
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
  if (firstWaitMs !== undefined && firstWaitMs > 0) await wait(Math.min(firstWaitMs, settings.timeoutMs));
  for (;;) {
    const value = await read();
    if (isDone(value)) return value;
    const delay = pollDelay(settings, retryAfterOf(value));
    if (Date.now() + delay > deadline) {
      throw new BackupError('timeout', `Azure has not finished ${what} after ${Math.round(settings.timeoutMs / 1000)} seconds; it may still complete, so check the vault's backup jobs in a few minutes.`);
    }
    await wait(delay);
  }
}

/** The wait before the next read: Retry-After when Azure sent one, up to the cap; else the interval. */
export function pollDelay(settings: PollSettings, retryAfter: number | undefined): number {
  if (retryAfter === undefined) return settings.intervalMs;
  const cap = settings.maxRetryAfterMs ?? settings.intervalMs;
  return Math.max(0, Math.min(retryAfter, cap));
}
