// Command round trip through the real bot, as a ratio against the same server's /healthz:
//   POST /api/messages "help" (CloudAdapter, router, card rendering, reply to a recorder connector)
//   vs GET /healthz (restify alone). Both measured with autocannon in the same run.
// Run: npx tsx bench/botThroughput.bench.ts
import autocannon from 'autocannon';
import { startApp } from '../src/app';
import { ConnectorRecorder } from '../test/helpers/connectorRecorder';
import { messageActivity } from '../test/helpers/activities';
import { testConfig } from '../test/helpers/testConfig';

const DURATION_SECONDS = 8;
const CONNECTIONS = 10;

async function measure(options: autocannon.Options): Promise<{ rps: number; p99: number; errors: number }> {
  const result = await autocannon({ duration: DURATION_SECONDS, connections: CONNECTIONS, ...options });
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

async function main(): Promise<void> {
  const connector = await new ConnectorRecorder().start();
  const app = await startApp(testConfig({ LOG_LEVEL: 'silent' }), { schedulers: false });
  try {
    const health = await measure({ url: `${app.url}/healthz` });
    const body = JSON.stringify(messageActivity('help', { serviceUrl: connector.url }));
    const help = await measure({ url: `${app.url}/api/messages`, method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const replies = connector.sent().length;
    console.log(`GET /healthz (baseline): ${health.rps.toFixed(0)} req/s, p99 ${health.p99} ms, errors ${health.errors}`);
    console.log(`POST help -> reply card: ${help.rps.toFixed(0)} req/s, p99 ${help.p99} ms, errors ${help.errors}, replies recorded ${replies}`);
    console.log(`ratio help/healthz: ${(help.rps / health.rps).toFixed(3)}`);
  } finally {
    await app.close();
    await connector.stop();
  }
}

void main();
