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
      refuse(res, 415, 'UnsupportedMediaType', 'Content-Encoding is not accepted: send the body uncompressed.');
      return next(false);
    }
    // "identity" means no encoding; restify's bodyReader only knows an absent header for that.
    delete req.headers['content-encoding'];
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
    refuse(res, 413, 'PayloadTooLarge', `The request body is over the ${MAX_BODY_BYTES / 1024 / 1024} MB limit.`);
    return next(false);
  }
  return next();
}

/**
 * Answers and closes the connection: the body the client is still sending is not wanted, and a
 * kept-alive socket would otherwise go on reading it.
 */
export function refuse(res: Response, status: number, code: string, message: string): void {
  res.setHeader('Connection', 'close');
  res.send(status, { code, message });
}
