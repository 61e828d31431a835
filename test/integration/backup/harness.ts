import { startSandbox, type SandboxHandle, type SandboxOptions } from '../../../src/sandbox';
import { createBackupService, type BackupService, type BackupServiceOptions } from '../../../src/backup';
import { createLogger } from '../../../src/logger';

/** A real sandbox over HTTPS and a BackupService whose real SDK clients talk to it. */
export interface BackupHarness {
  sandbox: SandboxHandle;
  service: BackupService;
  /** A second service on the same sandbox with other options (closed by `close`). */
  makeService(overrides?: Partial<BackupServiceOptions>): BackupService;
  /** ARM requests the sandbox saw since `mark()`. */
  requestsSinceMark(): Array<{ method: string; path: string; query: string; status: number }>;
  mark(): void;
  close(): Promise<void>;
}

export async function startBackupHarness(sandboxOptions: SandboxOptions = {}, serviceOptions: Partial<BackupServiceOptions> = {}): Promise<BackupHarness> {
  const sandbox = await startSandbox({ port: 0, ...sandboxOptions });
  const services: BackupService[] = [];
  const makeService = (overrides: Partial<BackupServiceOptions> = {}) => {
    const service = createBackupService({
      mode: 'sandbox',
      subscriptionIds: [],
      sandbox: { url: sandbox.url, caPem: sandbox.caPem, token: sandbox.token },
      cacheTtlSeconds: 30,
      logger: createLogger('silent'),
      clock: () => sandbox.control.now(),
      polling: { intervalMs: 5, timeoutMs: 20_000 },
      retry: { maxRetries: 0 },
      ...serviceOptions,
      ...overrides,
    });
    services.push(service);
    return service;
  };
  const service = makeService();
  let markAt = 0;
  return {
    sandbox,
    service,
    makeService,
    mark: () => {
      markAt = sandbox.control.requests().length;
    },
    requestsSinceMark: () => sandbox.control.requests().slice(markAt),
    close: async () => {
      for (const s of services) s.close();
      await sandbox.close();
    },
  };
}

/** Runs `fn` and returns what it threw (fails the test when it did not throw). */
export async function caught(fn: () => Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await fn();
  } catch (err) {
    return err as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to throw');
}

export const SUB_MAIN = '6b1f3c2a-5d4e-4f8a-9b7c-1e2d3f4a5b6c';
export const SUB_TEST = '9c8d7e6f-1a2b-4c3d-8e4f-5a6b7c8d9e0f';
