import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Azurite's documented development account (the same for every installation; not a secret). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuriteOptions {
  /** Directory of Azurite's data (its blobs survive restarts there). */
  location: string;
  /** 0 picks a free port (tests); Azurite's usual port is 10000. */
  port: number;
  host?: string;
  /** Give up when Azurite has not said where it listens by then. */
  startTimeoutMs?: number;
}

export interface RunningAzurite {
  /** Blob endpoint, e.g. http://127.0.0.1:10000/devstoreaccount1 */
  blobEndpoint: string;
  connectionString: string;
  /** True when this process started it (false: one was already listening on the port). */
  started: boolean;
  stop(): Promise<void>;
}

export function azuriteConnectionString(blobEndpoint: string): string {
  return `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};BlobEndpoint=${blobEndpoint};`;
}

/**
 * Starts Azurite's Blob service (the `azurite` npm package, Microsoft's Azure Storage emulator) in
 * a child process and resolves once it listens. The child reads our stdin and exits when it
 * closes, so it never outlives us, even after a SIGKILL, and stop() just closes it. Telemetry is off (no network here).
 * When the port is already taken by an Azurite (a second replica started with `npm start`), that
 * one is used: the replicas then share it, as they would share a storage account.
 */
export async function startAzurite(options: AzuriteOptions): Promise<RunningAzurite> {
  const host = options.host ?? '127.0.0.1';
  fs.mkdirSync(options.location, { recursive: true });
  const main = path.join(path.dirname(require.resolve('azurite/package.json')), 'dist', 'src', 'blob', 'main.js');
  // `node -e` puts its first argument where a script path would be, so Azurite's parser sees the flags.
  // When stdin closes it stops as on Ctrl-C: Azurite's own SIGINT handler saves its metadata (LokiJS
  // saves every 5 s otherwise), so the last writes (the lease released at shutdown) survive a restart;
  // a bare exit lost them. The timer exits anyway should that shutdown hang.
  const launcher = `process.stdin.on('end', () => { setTimeout(() => process.exit(0), 10000).unref(); process.kill(process.pid, 'SIGINT'); }); process.stdin.resume(); require(${JSON.stringify(main)});`;
  const flags = ['--blobHost', host, '--blobPort', String(options.port), '--location', options.location, '--silent', '--skipApiVersionCheck', '--disableTelemetry', '--loose'];
  // Its own process group: a Ctrl-C in the terminal must not close it before we release our lease.
  const child = spawn(process.execPath, ['-e', launcher, 'azurite-blob', ...flags], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  let output = '';
  const endpoint = await new Promise<string | 'in-use'>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`Azurite did not start within ${options.startTimeoutMs ?? 30_000} ms: ${output.trim()}`)), options.startTimeoutMs ?? 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /successfully listens on (http:\/\/\S+)/.exec(output);
      if (listening) done(listening[1]);
      else if (/EADDRINUSE/.test(output)) done('in-use');
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('close', (code) => (/EADDRINUSE/.test(output) ? done('in-use') : fail(new Error(`Azurite exited (${code}) before listening: ${output.trim()}`))));
    function done(value: string): void {
      clearTimeout(timer);
      resolve(value);
    }
    function fail(err: Error): void {
      clearTimeout(timer);
      child.kill();
      reject(err);
    }
  });
  if (endpoint === 'in-use') {
    const blobEndpoint = `http://${host}:${options.port}/${AZURITE_ACCOUNT}`;
    return { blobEndpoint, connectionString: azuriteConnectionString(blobEndpoint), started: false, stop: async () => undefined };
  }
  const blobEndpoint = `${endpoint.replace(/\/$/, '')}/${AZURITE_ACCOUNT}`;
  // Its output was only needed to learn the port; keep draining it so the pipes never fill.
  child.stdout!.resume();
  child.stderr!.resume();
  return { blobEndpoint, connectionString: azuriteConnectionString(blobEndpoint), started: true, stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    // Closing its stdin makes the launcher exit (see startAzurite).
    child.stdin?.end();
  });
}
