import path from 'node:path';
import type { Storage } from 'botbuilder';
import type { StorageConfig } from '../config';
import type { Logger } from '../logger';
import type { RunningAzurite } from './azurite';
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
  // Loaded only for STORAGE=blob: the Storage and Identity SDKs cost ~0.5 s of start-up otherwise.
  const { openBlobBackend } = await import('./blobBackend');
  return openBlobBackend(config.storage, config.dataDir, logger);
}
