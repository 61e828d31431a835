import type { Server } from 'node:http';
import restify, { type Request, type Response } from 'restify';
import { errorFacts, type Logger } from '../logger';
import { MAX_BODY_BYTES, refuseUnreadableBodies } from './requestHygiene';
import { plainErrorBodies } from './errorBodies';
import { listenFailure } from '../portInUse';

/**
 * POST /api/messages after the body is parsed: check the caller, run the activity, answer on `res`.
 * The Teams folder builds it (src/teams/activityEndpoint.ts) and the composition root passes it in,
 * so this server knows restify and nothing of botbuilder.
 */
export type ActivityRequestHandler = (req: Request, res: Response) => Promise<void>;

/**
 * A socket with no traffic at all for this long is closed (a client that stops reading our
 * answer). Long on purpose: while a command waits on Azure the socket is silent too, and closing
 * it would lose the reply and make the channel retry the activity.
 */
const IDLE_TIMEOUT_MS = 120_000;

export interface ServerOptions {
  port: number;
  host?: string;
  activities: ActivityRequestHandler;
  logger: Logger;
  health: () => Record<string, unknown>;
  /** Slow clients are cut off: all headers within `headersSeconds`, the whole request (headers and body) within `requestSeconds`. */
  timeouts?: { headersSeconds: number; requestSeconds: number };
  /** GET /readyz: 200 when ready, 503 with the reasons when not (see readiness.ts). */
  readiness?: () => Promise<{ status: string; reasons: string[] }>;
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

  limitSlowClients(server.server, options.timeouts ?? { headersSeconds: 10, requestSeconds: 30 });
  plainErrorBodies(server, options.logger);
  server.pre(refuseUnreadableBodies);
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false }));

  server.post('/api/messages', async (req, res) => {
    inFlight++;
    try {
      await options.activities(req, res);
    } finally {
      inFlight--;
      if (inFlight === 0) idle?.();
    }
  });

  server.get('/healthz', (_req, res, next) => {
    res.send(200, options.health());
    return next();
  });

  server.get('/readyz', async (_req, res) => {
    if (!options.readiness) return res.send(200, { status: 'ready', reasons: [] });
    try {
      const report = await options.readiness();
      res.send(report.reasons.length === 0 ? 200 : 503, report);
    } catch (err) {
      options.logger.error(errorFacts(err), 'readiness check failed');
      res.send(503, { status: 'not ready', reasons: ['the readiness check itself failed; see the log'] });
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(listenFailure(err, 'PORT', options.port)));
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

/**
 * Node's own limits, tightened: the defaults (60 s for headers, 300 s for a request, checked only
 * every 30 s) let a slow upload hold a socket for minutes. Node answers 408 and closes the socket.
 */
function limitSlowClients(http: Server, timeouts: { headersSeconds: number; requestSeconds: number }): void {
  http.headersTimeout = timeouts.headersSeconds * 1000;
  http.requestTimeout = timeouts.requestSeconds * 1000;
  http.timeout = Math.max(IDLE_TIMEOUT_MS, http.requestTimeout);
  // Read by Node when the server starts listening (it arms the timer that enforces both limits).
  (http as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.min(1000, http.headersTimeout / 2);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
