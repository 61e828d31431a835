import type { Logger } from '../../logger';
import type { AzureClients, SubscriptionClients } from '../azureClients';
import { mapAzureError } from '../azureErrors';
import { BackupError } from '../backupError';
import type { BackupService } from '../backupService';
import { operationFailure, operationIdFromHeaders, operationUnsuccessful, pollDelay, pollUntil, retryAfterMs, sleep, type HeaderBag, type PollSettings } from '../operationPolling';
import type { OperationStatus, OperationStatusJobExtendedInfo } from '@azure/arm-recoveryservicesbackup';

/**
 * What the life-cycle operations (stop/resume protection, cancel, recovery points, vault and policy
 * creation) share: the SDK clients, the backup service for name resolution and its cache, and the
 * same error mapping and 202 polling as the backup service. Kept out of backupService.ts so that
 * file stays about reads and the original write flows.
 */
export class AzureAccess {
  readonly polling: PollSettings;

  constructor(
    readonly clients: AzureClients,
    readonly backup: BackupService,
    readonly logger: Logger,
    readonly now: () => Date,
    polling: PollSettings,
  ) {
    this.polling = polling;
  }

  sdk(subscriptionId: string): SubscriptionClients {
    return this.clients.forSubscription(subscriptionId);
  }

  /** One Azure call; SDK errors become BackupErrors naming `action`. */
  async call<T>(action: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const mapped = mapAzureError(err, action);
      if (mapped instanceof BackupError && mapped !== err) this.logger.warn({ action, status: mapped.status, azureCode: mapped.azureCode }, 'Azure call failed');
      throw mapped;
    }
  }

  /** Runs a write and returns the raw status and headers (202 flows carry the operation in headers). */
  async write(action: string, send: (onResponse: (raw: { status: number; headers: HeaderBag }) => void) => Promise<unknown>): Promise<{ status: number; headers?: HeaderBag }> {
    let captured: { status: number; headers: HeaderBag } | undefined;
    await this.call(action, () => send((raw) => (captured = { status: raw.status, headers: raw.headers })));
    this.backup.invalidateCache();
    return captured ?? { status: 200 };
  }

  /**
   * Polls an operation status until it is no longer InProgress; returns the job id it names. The
   * first read waits for the 202's Retry-After (up to the cap), as BackupService's item operations do.
   */
  async jobOfOperation(headers: HeaderBag | undefined, read: (operationId: string) => Promise<OperationStatus>, what: string): Promise<string> {
    const operationId = headers ? operationIdFromHeaders(headers) : undefined;
    if (!operationId) throw new BackupError('azure-error', `Azure accepted ${what} but did not say how to follow it; check the vault's backup jobs.`);
    const status = await pollUntil(
      () => this.call(`follow ${what}`, () => read(operationId)),
      (s) => (s.status ?? 'InProgress') !== 'InProgress',
      this.polling,
      what,
      sleep,
      undefined,
      pollDelay(this.polling, headers ? retryAfterMs(headers) : undefined),
    );
    if (operationUnsuccessful(status.status)) throw operationFailure(`complete ${what}`, status.error);
    const jobId = (status.properties as OperationStatusJobExtendedInfo | undefined)?.jobId;
    if (!jobId) throw new BackupError('azure-error', `Azure finished ${what} without naming its job; check the vault's backup jobs.`);
    return jobId;
  }
}
