import type { RateWindow } from './rateLimiter';

/** Pacing, retry and timing settings of the outbox; every field can be overridden (tests, tuning). */
export interface OutboxLimits {
  /** Per conversation ("per bot per thread" in Teams). */
  perConversation: RateWindow[];
  /** Per tenant, all conversations together ("global limit per app per tenant"). */
  perTenant: RateWindow[];
  /** Attempts for 5xx / network / timeout failures before the message is parked as dead. */
  maxAttempts: number;
  /**
   * How long a message may keep being throttled (429, counted from its enqueue) before it is parked
   * as dead. A 429 says "later", not "never": a count of 429s lost alerts during a long throttling
   * episode (issue 11: 150 s of 429s lost 3 of 33), so only time gives up.
   */
  maxThrottledMs: number;
  /** Exponential backoff after a transient failure: base * 2^(attempt-1), capped, with jitter. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Wait after a 429 that carries no usable Retry-After. */
  defaultRetryAfterMs: number;
  /** Sends in flight at once (never more than one per conversation, to keep its order). */
  maxConcurrentSends: number;
  /** A send that has not answered by then counts as a network failure. */
  sendTimeoutMs: number;
  /** How long a "sending" mark protects a message from being picked up by another process or a restart. */
  inFlightTimeoutMs: number;
  /** How often the index is re-read to pick up messages other processes enqueued. */
  pollIntervalMs: number;
  /** Finished records (and so their idempotency keys) are kept this long, then deleted. */
  retentionMs: number;
  /** How often finished records past the retention are deleted. */
  pruneIntervalMs: number;
}

/**
 * Teams bot rate limits (learn.microsoft.com "Optimize your bot with rate limiting in Teams"):
 * per bot per thread 7 per 1 s, 8 per 2 s, 60 per 30 s, 1800 per hour; 50 requests per second
 * per app per tenant. The limits may change, which is why 429s are still expected and honoured.
 */
export const TEAMS_LIMITS: OutboxLimits = {
  perConversation: [
    { limit: 7, windowMs: 1_000 },
    { limit: 8, windowMs: 2_000 },
    { limit: 60, windowMs: 30_000 },
    { limit: 1_800, windowMs: 3_600_000 },
  ],
  perTenant: [{ limit: 50, windowMs: 1_000 }],
  maxAttempts: 8,
  maxThrottledMs: 24 * 60 * 60_000,
  backoffBaseMs: 1_000,
  backoffMaxMs: 5 * 60_000,
  defaultRetryAfterMs: 1_000,
  maxConcurrentSends: 16,
  sendTimeoutMs: 30_000,
  inFlightTimeoutMs: 60_000,
  pollIntervalMs: 5_000,
  retentionMs: 30 * 24 * 60 * 60_000,
  pruneIntervalMs: 60 * 60_000,
};

export function outboxLimits(overrides: Partial<OutboxLimits> = {}): OutboxLimits {
  const limits = { ...TEAMS_LIMITS, ...overrides };
  if (limits.inFlightTimeoutMs <= limits.sendTimeoutMs) {
    throw new TypeError('outbox limits: inFlightTimeoutMs must exceed sendTimeoutMs, or a slow send could be picked up twice');
  }
  if (!(limits.maxThrottledMs > 0)) throw new TypeError('outbox limits: maxThrottledMs must be positive');
  for (const name of ['maxAttempts', 'maxConcurrentSends'] as const) {
    if (!(limits[name] >= 1)) throw new TypeError(`outbox limits: ${name} must be at least 1`);
  }
  return limits;
}
