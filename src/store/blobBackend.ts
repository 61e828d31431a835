import path from 'node:path';
import { DefaultAzureCredential } from '@azure/identity';
import { BlobServiceClient, type ContainerClient, type StoragePipelineOptions } from '@azure/storage-blob';
import type { StorageConfig } from '../config';
import type { Logger } from '../logger';
import { startAzurite, type RunningAzurite } from './azurite';
import { BlobLease } from './blobLease';
import { BlobStorage } from './blobStorage';
import type { StorageBackend } from './backend';

/** STORAGE=blob: the bot's state in one blob container, and leader leases on its blobs. */
export async function openBlobBackend(settings: StorageConfig, dataDir: string, logger: Logger): Promise<StorageBackend> {
  const { container, where, azurite } = await connectContainer(settings, dataDir, logger);
  await container.createIfNotExists();
  return {
    kind: 'blob',
    storage: new BlobStorage(container),
    leaderLease: (name, holderId, seconds) => new BlobLease({ container, name, holderId, durationSeconds: seconds }),
    where,
    azurite,
    close: async () => azurite?.stop(),
  };
}


// The SDK's default retries back off for minutes; a replica must rather fail a round quickly
// (the lease keeper and the outbox retry on their own schedule) than hang past its lease.
const PIPELINE: StoragePipelineOptions = { retryOptions: { maxTries: 3, retryDelayInMs: 200, maxRetryDelayInMs: 2_000, tryTimeoutInMs: 10_000 } };

async function connectContainer(settings: StorageConfig, dataDir: string, logger: Logger): Promise<{ container: ContainerClient; where: string; azurite?: RunningAzurite }> {
  if (settings.accountUrl) {
    const service = new BlobServiceClient(settings.accountUrl, new DefaultAzureCredential(), PIPELINE);
    return { container: service.getContainerClient(settings.container), where: `${settings.accountUrl.replace(/\/$/, '')}/${settings.container}` };
  }
  if (settings.connectionString) {
    const service = BlobServiceClient.fromConnectionString(settings.connectionString, PIPELINE);
    return { container: service.getContainerClient(settings.container), where: `${service.url.replace(/\/$/, '')}/${settings.container}` };
  }
  const location = path.resolve(dataDir, 'azurite');
  const azurite = await startAzurite({ location, port: settings.azuritePort });
  logger.info({ blobEndpoint: azurite.blobEndpoint, location, startedHere: azurite.started }, azurite.started ? 'Azurite (local Blob Storage emulator) started' : 'using the Azurite already listening on AZURITE_PORT');
  const service = BlobServiceClient.fromConnectionString(azurite.connectionString, PIPELINE);
  return { container: service.getContainerClient(settings.container), where: `${azurite.blobEndpoint}/${settings.container} (Azurite)`, azurite };
}
