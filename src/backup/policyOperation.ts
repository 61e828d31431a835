import type { SubscriptionClients } from './azureClients';
import { operationFailure, operationUnsuccessful, pollDelay, pollUntil, retryAfterMs, sleep, type PollSettings } from './operationPolling';

/** What following a policy operation needs from its caller: the vault's SDK client, the caller's error mapping, its pacing. */
export interface PolicyOperationAccess {
  backup: SubscriptionClients['backup'];
  call<T>(action: string, fn: () => Promise<T>): Promise<T>;
  polling: PollSettings;
}

/**
 * A policy PUT answered 202 (the policy protects VMs and Azure applies it to them): reads
 * backupPolicies/{name}/operations/{id} until it is done, the first read after the 202's
 * Retry-After and each next one after the previous read's (capped), stopped by the abort signal.
 * Failed or Cancelled becomes Azure's sentence and the catalogue's remedy. The one follower of a
 * policy operation: policy create/edit (lifecycle/policyWrite.ts), the DST shift and its resume
 * after a restart (BackupService.updatePolicySchedule / resumePolicyUpdate).
 */
export async function followPolicyOperation(
  access: PolicyOperationAccess,
  vault: { name: string; resourceGroup: string },
  name: string,
  operationId: string,
  firstRetryAfterMs?: number,
): Promise<{ reads: number; status: string }> {
  let reads = 0;
  const what = `applying policy ${name} to the VMs it protects`;
  const { read } = await pollUntil(
    () =>
      access.call(`follow ${what}`, async () => {
        reads++;
        let retryAfter: number | undefined;
        const status = await access.backup.protectionPolicyOperationStatuses.get(vault.name, vault.resourceGroup, name, operationId, {
          abortSignal: access.polling.signal,
          onResponse: (raw) => (retryAfter = retryAfterMs(raw.headers)),
        });
        return { read: status, retryAfter };
      }),
    ({ read: status }) => (status.status ?? 'InProgress') !== 'InProgress',
    access.polling,
    what,
    sleep,
    ({ retryAfter }) => retryAfter,
    pollDelay(access.polling, firstRetryAfterMs),
  );
  const final = read.status ?? 'Succeeded';
  if (operationUnsuccessful(final)) throw operationFailure(`apply policy ${name}`, read.error);
  return { reads, status: final };
}
