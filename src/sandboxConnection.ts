import fs from 'node:fs';
import type { Config } from './config';
import type { Logger } from './logger';
import type { SandboxConnection } from './backup/azureClients';
import { SANDBOX_TOKEN, startSandbox, type SandboxHandle } from './sandbox';

export interface ConnectedSandbox {
  connection: SandboxConnection;
  /** The sandbox's simulated clock when it runs in this process; the system clock otherwise. */
  clock: () => Date;
  /** In-process sandbox, for tests and the demo. */
  handle?: SandboxHandle;
  close(): Promise<void>;
}

/** Sandbox mode: use the sandbox at SANDBOX_URL, or start one in this process on SANDBOX_PORT. */
export async function connectSandbox(config: Config, logger: Logger): Promise<ConnectedSandbox> {
  const { url, caFile, port, estateFile, speed } = config.sandbox;
  if (url !== undefined) {
    if (caFile === undefined) throw new Error('SANDBOX_URL is set but SANDBOX_CA_FILE is not: the bot needs the sandbox CA certificate to trust it.');
    const caPem = fs.readFileSync(caFile, 'utf8');
    logger.info({ url }, 'using the Azure Backup sandbox at SANDBOX_URL');
    return { connection: { url, caPem, token: SANDBOX_TOKEN }, clock: () => new Date(), close: async () => undefined };
  }
  const handle = await startSandbox({ port, estate: estateFile, speed });
  logger.info({ url: handle.url, speed }, 'Azure Backup sandbox listening (simulated Azure, no account needed)');
  return {
    connection: { url: handle.url, caPem: handle.caPem, token: handle.token },
    clock: () => handle.control.now(),
    handle,
    close: () => handle.close(),
  };
}
