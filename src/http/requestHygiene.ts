import type { Next, Request, Response } from 'restify';

/** Largest request body accepted (Teams activities are a few KB; cards we receive back are small too). */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Runs before any body is read. Bot Framework channels never compress what they POST, and restify's
 * bodyReader inflates gzip without an error handler (a body that is not gzip kills the process) and
 * applies its size limit to the compressed bytes (a 600 KB gzip bomb inflates to 600 MB). So the
 * bot refuses every Content-Encoding but identity, and a declared body over the limit, before
 * reading a byte of it.
 */
export function refuseUnreadableBodies(req: Request, res: Response, next: Next): void {
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined) {
    if (encoding.trim().toLowerCase() !== 'identity') {
      // The body (at most the declared length, within the request timeout) is read and thrown away
      // by Node, so the client reads this answer instead of a reset connection.
      refuse(res, 415, 'UnsupportedMediaType', 'Content-Encoding is not accepted: send the body uncompressed.', { close: declaredLength(req) > MAX_BODY_BYTES });
      return next(false);
    }
    // "identity" means no encoding; restify's bodyReader only knows an absent header for that.
    delete req.headers['content-encoding'];
  }
  if (declaredLength(req) > MAX_BODY_BYTES) {
    refuse(res, 413, 'PayloadTooLarge', `The request body is over the ${MAX_BODY_BYTES / 1024 / 1024} MB limit.`, { close: true });
    return next(false);
  }
  return next();
}

function declaredLength(req: Request): number {
  const declared = Number(req.headers['content-length'] ?? 0);
  return Number.isFinite(declared) ? declared : Number.POSITIVE_INFINITY;
}

/**
 * Answers with a fixed sentence. `close` when the rest of the body is not worth reading: the
 * socket is closed after the answer instead of Node draining the body for a kept-alive connection.
 */
export function refuse(res: Response, status: number, code: string, message: string, options: { close: boolean }): void {
  if (options.close) res.setHeader('Connection', 'close');
  res.send(status, { code, message });
}
