import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config';
import type { Logger } from './logger';
import type { SandboxConnection } from './backup/azureClients';
// Type-only: the sandbox (estate, simulation, TLS) is loaded on demand, so azure mode never loads it.
import type { SandboxHandle } from './sandbox';
import { RemoteSandboxClock } from './sandboxClock';
import { listenFailure } from './portInUse';

export interface ConnectedSandbox {
  connection: SandboxConnection;
  /** The sandbox's simulated clock (read over its control API when it runs elsewhere). */
  clock: () => Date;
  /** In-process sandbox, for tests and the demo. */
  handle?: SandboxHandle;
  close(): Promise<void>;
}

/**
 * Sandbox mode: use the sandbox at SANDBOX_URL (several replicas share one, as they share Azure;
 * `npm run sandbox -- --ca-file ca.pem` starts one and writes the SANDBOX_CA_FILE), or start one
 * in this process on SANDBOX_PORT.
 */
export async function connectSandbox(config: Config, logger: Logger, stateDir?: string): Promise<ConnectedSandbox> {
  const { url, caFile, port, estateFile, speed } = config.sandbox;
  const { SANDBOX_TOKEN, startSandbox } = await import('./sandbox');
  if (url !== undefined) {
    if (caFile === undefined) throw new Error('SANDBOX_URL is set but SANDBOX_CA_FILE is not: the bot needs the sandbox CA certificate to trust it.');
    const caPem = fs.readFileSync(caFile, 'utf8');
    // Replicas sharing one sandbox must share its simulated time too (digests, reminders, job times).
    const remote = await RemoteSandboxClock.start(url, caPem);
    logger.info({ url, now: remote.now().toISOString() }, 'using the Azure Backup sandbox at SANDBOX_URL (and its clock)');
    return { connection: { url, caPem, token: SANDBOX_TOKEN }, clock: () => remote.now(), close: async () => remote.stop() };
  }
  // With the file store, the sandbox keeps its state next to the bot's (issue 13.2): after a restart
  // both are where they were, or the sandbox says aloud that it starts fresh.
  const stateFile = stateDir ? path.join(stateDir, 'sandbox-state.jsonl') : undefined;
  const handle = await startSandbox({ port, estate: estateFile, speed, stateFile }).catch((err: unknown) => Promise.reject(listenFailure(err, 'SANDBOX_PORT', port)));
  logger.info({ url: handle.url, speed }, 'Azure Backup sandbox listening (simulated Azure, no account needed)');
  if (handle.state?.restored) logger.info({ file: handle.state.file }, handle.state.detail);
  else if (handle.state) logger.warn({ file: handle.state.file }, handle.state.detail);
  else logger.warn('sandbox state is kept in memory only (no file store): a restart starts the sandbox fresh from its seed estate');
  return {
    connection: { url: handle.url, caPem: handle.caPem, token: handle.token },
    clock: () => handle.control.now(),
    handle,
    close: () => handle.close(),
  };
}
