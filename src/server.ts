import restify from 'restify';
import type { CloudAdapter, ActivityHandler } from 'botbuilder';
import type { Logger } from './logger';

export const MAX_BODY_BYTES = 1024 * 1024;

export interface ServerOptions {
  port: number;
  host?: string;
  adapter: CloudAdapter;
  bot: ActivityHandler;
  logger: Logger;
  health: () => Record<string, unknown>;
}

export interface RunningServer {
  url: string;
  port: number;
  /** Stops accepting requests and resolves when the in-flight ones have finished (or after `graceMs`). */
  close(graceMs?: number): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const server = restify.createServer({ name: 'teams-backup-bot', handleUncaughtExceptions: false });
  let inFlight = 0;
  let idle: (() => void) | undefined;

  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false }));

  server.post('/api/messages', async (req, res) => {
    inFlight++;
    try {
      await options.adapter.process(req, res, (context) => options.bot.run(context));
    } catch (err) {
      options.logger.error({ err }, 'activity processing failed');
      if (!res.headersSent) res.send(500);
    } finally {
      inFlight--;
      if (inFlight === 0) idle?.();
    }
  });

  server.get('/healthz', (_req, res, next) => {
    res.send(200, options.health());
    return next();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    async close(graceMs = 10_000) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      if (inFlight > 0) {
        await Promise.race([new Promise<void>((resolve) => (idle = resolve)), delay(graceMs)]);
      }
      // Keep-alive sockets from the connector would hold close() open; in-flight work is done by now.
      server.server.closeAllConnections?.();
      await closed;
    },
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
