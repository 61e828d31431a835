import type { Storage } from './storage';
import type { RunningAzurite } from './azurite';
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
