import 'dotenv/config';
import path from 'node:path';
import { ConfigError, loadConfig, type Config } from './config';
import { errorFacts, createLogger, type Logger } from './logger';
import { startApp } from './app';
import { startPlayground, type RunningPlayground } from './devPlayground';
import { DEMO_APPROVER, DEMO_OPERATOR, withDemoRoles } from './demoRoles';

// Process concerns only: read the environment, start the app (and, for the local demo, the
// Agents Playground), print where to go, stop everything cleanly on signals.
async function main(): Promise<void> {
  const { config, applied: demoRoles } = withDemoRoles(readConfigOrExit());
  const logger = createLogger(config.logLevel);
  if (demoRoles) logger.info({ operator: DEMO_OPERATOR.name, approver: DEMO_APPROVER.name }, 'sandbox demo: no roles configured, using the Playground demo roles');
  const app = await startApp(config, { logger });
  const playground = await startDemoClient(config, app.url, logger);
  printWhereToGo(config, app.url, playground, app.sandbox?.connection.url);
  if (app.store?.kind === 'blob') console.error(`  State in Azure Blob Storage: ${app.store.where}; several replicas may share it.\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Bounded: the approvals' grace for writes in flight, plus time to close the rest.
    const forced = setTimeout(() => process.exit(1), (config.shutdownGraceSeconds + 10) * 1000).unref();
    await playground?.stop();
    await app.close();
    clearTimeout(forced);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

function readConfigOrExit(): Config {
  try {
    return loadConfig(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const problem of err.problems) console.error(`Configuration error: ${problem}`);
    console.error('Fix the settings above (see .env.example) and start again.');
    process.exit(2);
  }
}

/** The Playground is a local demo client: only in sandbox mode, only when not switched off. */
async function startDemoClient(config: Config, botUrl: string, logger: Logger): Promise<RunningPlayground | undefined> {
  if (config.mode !== 'sandbox' || !config.playground.enabled) return undefined;
  try {
    return await startPlayground({
      botUrl,
      port: config.playground.port,
      configFile: path.resolve(__dirname, '..', '.m365agentsplayground.yml'),
      logFile: path.join(config.dataDir, 'playground.log'),
      logger,
    });
  } catch (err) {
    logger.warn(errorFacts(err), 'the Agents Playground did not start; the bot runs without it');
    return undefined;
  }
}

// One line for a human, on stderr so it stands apart from the JSON log on stdout.
function printWhereToGo(config: Config, botUrl: string, playground: RunningPlayground | undefined, sandboxUrl: string | undefined): void {
  if (playground) {
    console.error(`\n  Open ${playground.url} to talk to the bot in the Agents Playground (simulated Azure at ${sandboxUrl}). Ctrl-C stops everything.\n`);
  } else if (config.mode === 'sandbox') {
    console.error(`\n  Bot listening on ${botUrl}/api/messages (sandbox mode, simulated Azure at ${sandboxUrl}). Ctrl-C stops.\n`);
  } else {
    console.error(`\n  Bot listening on ${botUrl}/api/messages (azure mode). Ctrl-C stops.\n`);
  }
}

main().catch((err) => {
  console.error(`Could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
