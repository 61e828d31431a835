import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { CliError, parseFlags } from './cliArgs';
import { generateEstate } from './generateEstate';
import { startSandbox } from './index';
import { listenFailure } from '../portInUse';

// npm run sandbox -- --port 8443 --ca-file ca.pem [--estate FILE | --scale N] [--seed N] [--start ISO] [--speed N]
// Starts the sandbox on 127.0.0.1, writes its CA certificate to --ca-file and prints its URL.

export const USAGE = `Usage: npm run sandbox -- [options]

Starts the simulated Azure Backup API (HTTPS, self-signed) on its own, for any ARM client.

Options:
  --port N        TCP port (default 8443; 0 picks a free one)
  --host ADDR     address to listen on (default 127.0.0.1)
  --ca-file PATH  write the sandbox's CA certificate there (trust it in your client)
  --estate FILE   estate seed file (JSON; default src/sandbox/estates/default.json)
  --scale N       generate an estate of N VMs instead (not with --estate)
  --seed N        seed of the simulation's random choices
  --start ISO     simulated start time, e.g. 2025-03-01T06:00:00Z (default: now)
  --speed N       simulated minutes per real minute. Default 0: the clock STANDS STILL and
                  moves only through the control API (POST /_sandbox/clock/advance), so jobs
                  and schedules do not progress on their own. --speed 60 = one hour a minute
                  (what npm start uses, SANDBOX_SPEED).
  --help          this text

Control API: GET https://127.0.0.1:PORT/_sandbox lists it (clock, outcomes, faults, request log).
`;

const FLAGS = { port: 'int', 'ca-file': 'string', estate: 'string', seed: 'int', start: 'date', speed: 'number', scale: 'int', host: 'string' } as const;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return;
  }
  const flags = parseFlags(argv, FLAGS);
  const port = (flags.port as number | undefined) ?? 8443;
  if (port < 0 || port > 65535) throw new CliError('--port expects a TCP port from 0 to 65535.');
  if (flags.estate !== undefined && flags.scale !== undefined) throw new CliError('Give either --estate or --scale, not both.');
  const seed = flags.seed as number | undefined;
  const estate = flags.scale !== undefined ? generateEstate({ vms: flags.scale as number, seed: seed ?? 1 }) : (flags.estate as string | undefined);
  const sandbox = await startSandbox({
    port,
    host: (flags.host as string | undefined) ?? '127.0.0.1',
    estate,
    seed,
    startTime: flags.start as string | undefined,
    speed: (flags.speed as number | undefined) ?? 0,
  }).catch((err: unknown) => Promise.reject(new CliError(listenFailure(err, '--port', port).message)));
  const caFile = flags['ca-file'] as string | undefined;
  if (caFile) writeFileSync(caFile, sandbox.caPem);
  const lines = [
    `Azure Backup sandbox listening on ${sandbox.url}`,
    caFile ? `CA certificate written to ${path.resolve(caFile)}` : 'CA certificate: pass --ca-file PATH to save it',
    `Bearer token: ${sandbox.token}`,
    `Simulated clock: ${sandbox.control.now().toISOString()} (control API: ${sandbox.url}/_sandbox)${(flags.speed ?? 0) === 0 ? ', standing still: pass --speed 60 to let it run, or move it with POST /_sandbox/clock/advance' : ''}`,
    'Press Ctrl+C to stop.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = () => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof CliError ? `sandbox: ${error.message}` : error);
  process.exit(error instanceof CliError ? 2 : 1);
});
