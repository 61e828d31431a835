import path from 'node:path';
import type { StorageConfig } from '../config';
import type { Logger } from '../logger';
import { FileStorage } from './fileStorage';
import { Lease } from './lease';
import type { StorageBackend } from './backend';

export type { StorageBackend };

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
  // Loaded only for STORAGE=blob: the Storage and Identity SDKs cost ~0.5 s of start-up otherwise.
  const { openBlobBackend } = await import('./blobBackend');
  return openBlobBackend(config.storage, config.dataDir, logger);
}
