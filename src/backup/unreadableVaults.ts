import { BackupError, type BackupErrorCode } from './backupError';

/**
 * Partial answers across vaults: one vault the bot may not read, that Azure throttles or that
 * does not answer in time must not hide what every other vault says. A list across vaults carries
 * the vaults it could not read, and why, so the card can name them.
 */

export interface UnreadableVault {
  vault: string;
  vaultId: string;
  code: BackupErrorCode;
  /** A few words: "the bot is not allowed to read it", "Azure did not answer within 15 s". */
  reason: string;
}

/** A list gathered across vaults, with the vaults left out. */
export type VaultList<T> = T[] & { unreadable: UnreadableVault[] };

/** Not enumerable: the list still reads, copies and compares as the plain list of items it is. */
export function vaultList<T>(items: T[], unreadable: UnreadableVault[] = []): VaultList<T> {
  return Object.defineProperty(items, 'unreadable', { value: unreadable, enumerable: false }) as VaultList<T>;
}

/** What may fail for one vault while others answer (a bug or bad input still fails the command). */
const PER_VAULT_CODES: BackupErrorCode[] = ['forbidden', 'throttled', 'timeout', 'unavailable', 'not-found', 'azure-error'];

export function isPerVaultFailure(err: unknown): err is BackupError {
  return err instanceof BackupError && PER_VAULT_CODES.includes(err.code);
}

export function unreadableVault(vault: { name: string; id: string }, err: BackupError): UnreadableVault {
  return { vault: vault.name, vaultId: vault.id, code: err.code, reason: reasonOf(err) };
}

function reasonOf(err: BackupError): string {
  switch (err.code) {
    case 'forbidden':
      return `the bot is not allowed to read it (${err.azureCode ?? 'HTTP 403'})`;
    case 'throttled':
      return `Azure is throttling requests${err.retryAfterSeconds ? `, retry in ${err.retryAfterSeconds} s` : ''}`;
    case 'timeout': {
      const within = /within [\d.]+ s/.exec(err.message)?.[0];
      return within ? `Azure did not answer ${within}` : 'Azure did not answer in time';
    }
    case 'unavailable':
      return err.status !== undefined ? `Azure answered HTTP ${err.status}` : 'Azure could not be reached';
    case 'not-found':
      return 'Azure no longer finds it';
    default:
      return err.azureCode ?? 'Azure refused the request';
  }
}

/** One sentence naming the vaults left out, or undefined when every vault answered. */
export function describeUnreadable(unreadable: readonly UnreadableVault[]): string | undefined {
  if (unreadable.length === 0) return undefined;
  const shown = unreadable.slice(0, 5).map((u) => `${u.vault} (${u.reason})`);
  const more = unreadable.length > shown.length ? ` and ${unreadable.length - shown.length} more` : '';
  return `Not included, could not be read: ${unreadable.length === 1 ? 'vault' : 'vaults'} ${shown.join(', ')}${more}.`;
}

/** The vaults left out of any of these lists (each named once). */
export function unreadableOf(...lists: Array<readonly unknown[] | undefined>): UnreadableVault[] {
  const seen = new Map<string, UnreadableVault>();
  for (const list of lists) {
    for (const u of (list as Partial<VaultList<unknown>> | undefined)?.unreadable ?? []) seen.set(u.vaultId.toLowerCase(), u);
  }
  return [...seen.values()];
}
