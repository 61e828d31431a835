/**
 * A failed proactive send, reduced to what the outbox decides on. Built from the connector's
 * RestError at the SDK boundary so that nothing else (request headers with the bearer token,
 * say) travels further or reaches a log.
 */
export class ProactiveSendError extends Error {
  constructor(
    message: string,
    /** HTTP status from the Bot Connector; undefined for network errors and timeouts. */
    readonly statusCode: number | undefined,
    /** Connector error code (e.g. BotNotInConversationRoster) or network code (e.g. ECONNRESET). */
    readonly code: string | undefined,
    /** Delay the connector asked for with Retry-After (429, 503), in milliseconds. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ProactiveSendError';
  }
}

/** What to do about a failed send. */
export type SendVerdict =
  | { kind: 'throttled'; retryAfterMs?: number }
  | { kind: 'transient' }
  | { kind: 'gone' }
  | { kind: 'rejected' };

/**
 * 429: wait as told. 412/408/5xx/network/timeouts: retry with backoff (Teams asks to retry
 * 412, 502 and 504 too). 403 (BotNotInConversationRoster, ConversationBlockedByUser...) and 404:
 * the conversation is gone for us. 401 is retried (credentials may be rotating). Other 4xx: the
 * message itself is bad (too big, malformed) and retrying cannot help.
 */
export function classifySendFailure(err: unknown): SendVerdict {
  const { statusCode, retryAfterMs } = failureFacts(err);
  if (statusCode === 429) return { kind: 'throttled', retryAfterMs };
  if (statusCode === undefined || statusCode >= 500 || statusCode === 412 || statusCode === 408 || statusCode === 401) return { kind: 'transient' };
  if (statusCode === 403 || statusCode === 404) return { kind: 'gone' };
  return { kind: 'rejected' };
}

/** Status, code and Retry-After of a ProactiveSendError or any RestError-like object. */
export function failureFacts(err: unknown): { statusCode?: number; code?: string; retryAfterMs?: number; message: string } {
  const e = (err ?? {}) as { statusCode?: unknown; status?: unknown; code?: unknown; retryAfterMs?: unknown; message?: unknown; response?: { headers?: unknown } };
  const statusCode = typeof e.statusCode === 'number' ? e.statusCode : typeof e.status === 'number' ? e.status : undefined;
  const retryAfterMs = typeof e.retryAfterMs === 'number' ? e.retryAfterMs : parseRetryAfter(headerOf(e.response?.headers, 'retry-after'), Date.now());
  return {
    statusCode,
    code: typeof e.code === 'string' ? e.code : undefined,
    retryAfterMs,
    message: typeof e.message === 'string' ? e.message.slice(0, 300) : String(err).slice(0, 300),
  };
}

/** Retry-After is either delta-seconds ("2", "0.5") or an HTTP date; returns milliseconds from `now`. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

function headerOf(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const getter = (headers as { get?: unknown }).get;
  if (typeof getter === 'function') {
    const value: unknown = getter.call(headers, name);
    return typeof value === 'string' ? value : undefined;
  }
  const record = headers as Record<string, unknown>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return typeof value === 'string' ? value : undefined;
}
