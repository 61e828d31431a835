import { createHttpHeaders } from '@azure/core-rest-pipeline';
import type { OperationStatus } from '@azure/arm-recoveryservicesbackup';
import type { AzureClients } from '../../../src/backup/azureClients';
import type { BackupService } from '../../../src/backup/backupService';
import { AzureAccess } from '../../../src/backup/lifecycle/azureAccess';
import { isPollAborted, type PollSettings } from '../../../src/backup/operationPolling';
import { createLogger } from '../../../src/logger';

// Stop, resume and delete-data follow their 202 as the backup service's item operations do: the
// first status read waits for the 202's Retry-After, up to the cap (Azure sends 60 s, FINDINGS (i)).
// Pure: the status read is a function, the clients are never touched.

const OPERATION_URL = 'https://management.azure.com/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v/backupOperations/op-1?api-version=2023-06-01';
const succeeded: OperationStatus = { status: 'Succeeded', properties: { objectType: 'OperationStatusJobExtendedInfo', jobId: 'job-1' } as OperationStatus['properties'] };

function access(polling: PollSettings): AzureAccess {
  return new AzureAccess({} as AzureClients, {} as BackupService, createLogger('silent'), () => new Date(), polling);
}

describe('AzureAccess.jobOfOperation', () => {
  it("waits for the 202's Retry-After before the first status read", async () => {
    const shutdown = new AbortController();
    let reads = 0;
    const following = access({ intervalMs: 0, timeoutMs: 86_400_000, maxRetryAfterMs: 3_600_000, signal: shutdown.signal }).jobOfOperation(
      createHttpHeaders({ 'Azure-AsyncOperation': OPERATION_URL, 'Retry-After': '3600' }),
      async () => (reads++, succeeded),
      'stopping protection of vm-1',
    );
    await Promise.resolve();
    // An hour's Retry-After: no read yet (the status used to be read at once); only the shutdown ends the wait.
    expect(reads).toBe(0);
    shutdown.abort();
    expect(isPollAborted(await following.catch((err: unknown) => err))).toBe(true);
    expect(reads).toBe(0);
  });

  it('without a Retry-After reads after the interval and returns the job the operation names', async () => {
    const operations: string[] = [];
    const jobId = await access({ intervalMs: 0, timeoutMs: 60_000 }).jobOfOperation(
      createHttpHeaders({ 'Azure-AsyncOperation': OPERATION_URL }),
      async (operationId) => (operations.push(operationId), succeeded),
      'stopping protection of vm-1',
    );
    expect({ jobId, operations }).toEqual({ jobId: 'job-1', operations: ['op-1'] });
  });
});
