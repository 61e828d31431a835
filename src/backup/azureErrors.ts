import { BackupError } from './backupError';
import { lookupError } from './errorCatalogue';

/**
 * Turns what the SDK throws (RestError and network errors) into a BackupError with one sentence
 * saying what failed and what to do. Anything else is returned unchanged: a bug must stay a bug
 * (logged with a correlation id by the caller), not be dressed up as an Azure problem.
 */

interface RestErrorLike {
  name?: string;
  /** Set by the deadline policy (AzureCallTimeoutError). */
  timeoutMs?: number;
  message?: string;
  code?: string;
  statusCode?: number;
  response?: { headers?: { get(name: string): string | undefined } };
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'REQUEST_SEND_ERROR']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'TIMEOUT']);

export function isAzureError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as RestErrorLike;
  return e.name === 'RestError' || e.name === 'AbortError' || typeof e.statusCode === 'number' || (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || TIMEOUT_CODES.has(e.code)));
}

/**
 * `action` completes the sentence "while trying to ...", e.g. "list the vaults" or
 * "start the backup of vm-web-01".
 */
export function mapAzureError(err: unknown, action: string): unknown {
  if (err instanceof BackupError || !isAzureError(err)) return err;
  const e = err as RestErrorLike;
  const status = e.statusCode;
  const azureCode = typeof e.code === 'string' ? e.code : undefined;
  const options = { status, azureCode, cause: err };

  if (e.name === 'AbortError' || (azureCode !== undefined && TIMEOUT_CODES.has(azureCode))) {
    const within = typeof e.timeoutMs === 'number' ? ` within ${formatSeconds(e.timeoutMs)}` : ' in time';
    return new BackupError('timeout', `Azure did not answer${within} when I tried to ${action}. Try again in a minute.`, options);
  }
  if (status === undefined) {
    return new BackupError('unavailable', `I could not reach Azure to ${action} (network error). Try again in a minute; if it persists, check the bot's outbound connectivity.`, options);
  }
  switch (true) {
    case status === 401:
      return new BackupError('unauthenticated', `Azure refused the bot's credentials when I tried to ${action}. An administrator needs to check the bot's managed identity or sign-in settings.`, options);
    case status === 403:
      return new BackupError(
        'forbidden',
        `The bot is not allowed to ${action} (Azure answered ${azureCode ?? 'Forbidden'}). Ask an administrator to give the bot's identity the Backup Contributor role (Backup Reader for read-only commands) on the vault's resource group.`,
        options,
      );
    case status === 404:
      return new BackupError('not-found', `Azure could not find what I needed to ${action}: it may have been deleted, renamed or moved. Check the name and try again.`, options);
    case status === 409:
      return new BackupError('conflict', `Azure refused to ${action} because another operation is in progress on it. Wait for it to finish, then try again.`, options);
    case status === 429: {
      const retryAfterSeconds = retryAfter(e);
      const wait = retryAfterSeconds !== undefined ? `in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}` : 'in a minute';
      return new BackupError('throttled', `Azure is throttling requests right now, so I could not ${action}. Try again ${wait}.`, { ...options, retryAfterSeconds });
    }
    case status >= 500:
      return new BackupError('unavailable', `Azure Backup had an internal error (HTTP ${status}) when I tried to ${action}. This is usually temporary: try again in a few minutes.`, options);
    default: {
      // A code the catalogue knows (UserErrorBackupOperationInProgress...) also says what to do.
      const entry = azureCode !== undefined ? lookupError(azureCode) : undefined;
      const remedy = entry?.known ? ` ${entry.action}` : '';
      return new BackupError('azure-error', `Azure rejected the request to ${action}: ${firstSentence(e.message)}${remedy}`, options);
    }
  }
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

function retryAfter(e: RestErrorLike): number | undefined {
  const raw = e.response?.headers?.get('retry-after');
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function firstSentence(message: string | undefined): string {
  const text = (message ?? '').replace(/\s+/g, ' ').trim();
  if (text === '') return 'no reason was given.';
  const sentence = /^(.{1,240}?[.!?])(\s|$)/.exec(text)?.[1] ?? (text.length > 240 ? `${text.slice(0, 237)}...` : text);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}
