import type { Server } from 'restify';
import { errorFacts, type Logger } from '../logger';
import { MAX_BODY_BYTES } from './requestHygiene';

type RestifyError = Error & { statusCode?: number; body?: { code?: string }; toJSON?: () => unknown };

// What a refused request reads: one fixed sentence per status, never the parser's or a library's
// message (which can quote the body or name internals).
const SENTENCES: Record<number, string> = {
  400: 'The request body is not a JSON Bot Framework activity.',
  401: 'Unauthorized.',
  404: 'Not found.',
  405: 'Method not allowed.',
  413: `The request body is over the ${MAX_BODY_BYTES / 1024 / 1024} MB limit.`,
  415: 'The request body must be uncompressed JSON.',
};

/** Every error restify answers itself (bad JSON, unknown route, ...) gets a fixed body; 5xx are logged. */
export function plainErrorBodies(server: Server, logger: Logger): void {
  server.on('restifyError', (_req: unknown, _res: unknown, err: RestifyError, callback: () => void) => {
    const status = err.statusCode ?? 500;
    const code = err.body?.code ?? err.name;
    const message = SENTENCES[status] ?? (status >= 500 ? 'The bot could not handle this request.' : 'The request was refused.');
    if (status >= 500) logger.error(errorFacts(err, { stack: true }), 'request failed');
    err.toJSON = () => ({ code, message });
    return callback();
  });
}
