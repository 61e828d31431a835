import path from 'node:path';
import type { Storage } from 'botbuilder';
import { DefaultAzureCredential } from '@azure/identity';
import { BlobServiceClient, type ContainerClient, type StoragePipelineOptions } from '@azure/storage-blob';
import type { StorageConfig } from '../config';
import type { Logger } from '../logger';
import { startAzurite, type RunningAzurite } from './azurite';
import { BlobLease } from './blobLease';
import { BlobStorage } from './blobStorage';
import { FileStorage } from './fileStorage';
import { Lease } from './lease';
import type { LeaderLease } from './leaderLease';

/** The shared state of the bot and its leader lease, on the backend the configuration chose. */
export interface StorageBackend {
  kind: 'file' | 'blob';
  storage: Storage;
  /** A leader lease named `name` for this process, lasting `seconds` unless renewed. */
  leaderLease(name: string, holderId: string, seconds: number): LeaderLease;
  /** Where the state lives, for the start-up log line (never a key or connection string). */
  where: string;
  /** The Azurite this process started, if any (STORAGE=blob with no account configured). */
  azurite?: RunningAzurite;
  close(): Promise<void>;
}

/**
 * STORAGE=file: the file store under DATA_DIR and the eTag-emulated lease (one replica).
 * STORAGE=blob: Azure Blob Storage through AZURE_STORAGE_ACCOUNT_URL (DefaultAzureCredential, so a
 * managed identity in Azure) or AZURE_STORAGE_CONNECTION_STRING, and blob leases; with neither,
 * a local Azurite under DATA_DIR/azurite (development: `STORAGE=blob npm start` needs nothing else).
 */
export async function openStorage(config: { storage: StorageConfig; dataDir: string }, logger: Logger): Promise<StorageBackend> {
  if (config.storage.kind === 'file') {
    const storage = new FileStorage(config.dataDir, { logger });
    return {
      kind: 'file',
      storage,
      leaderLease: (name, holderId, seconds) => new Lease({ storage, name, holderId, ttlMs: seconds * 1_000 }),
      where: path.resolve(config.dataDir),
      close: async () => undefined,
    };
  }
  const { container, where, azurite } = await connectContainer(config.storage, config.dataDir, logger);
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
