import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { CliError, parseFlags } from './cliArgs';
import { generateEstate } from './generateEstate';
import { startSandbox } from './index';

// npm run sandbox -- --port 8443 --ca-file ca.pem [--estate FILE | --scale N] [--seed N] [--start ISO] [--speed N]
// Starts the sandbox on 127.0.0.1, writes its CA certificate to --ca-file and prints its URL.

const FLAGS = { port: 'int', 'ca-file': 'string', estate: 'string', seed: 'int', start: 'date', speed: 'number', scale: 'int', host: 'string' } as const;

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), FLAGS);
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
  });
  const caFile = flags['ca-file'] as string | undefined;
  if (caFile) writeFileSync(caFile, sandbox.caPem);
  const lines = [
    `Azure Backup sandbox listening on ${sandbox.url}`,
    caFile ? `CA certificate written to ${path.resolve(caFile)}` : 'CA certificate: pass --ca-file PATH to save it',
    `Bearer token: ${sandbox.token}`,
    `Simulated clock: ${sandbox.control.now().toISOString()} (control API: ${sandbox.url}/_sandbox)`,
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
