/** At most `limit` operations in any `windowMs` milliseconds. */
export interface RateWindow {
  limit: number;
  windowMs: number;
}

interface KeyState {
  /** Completion times of finished operations, ascending. */
  finished: number[];
  inFlight: number;
}

/**
 * Sliding-window limiter over several windows at once (e.g. 7 per second and 60 per 30 seconds).
 *
 * An operation occupies a slot from `begin` until `end`, and then counts from its completion time.
 * Counting from completion rather than from dispatch is deliberate: the server sees the request
 * somewhere between the two, so two requests we space by a full window can never arrive closer
 * together than that window, however the network delays them.
 */
export class SlidingWindowLimiter {
  private readonly keys = new Map<string, KeyState>();
  private readonly longestWindowMs: number;

  constructor(private readonly windows: readonly RateWindow[]) {
    for (const w of windows) {
      if (!(w.limit >= 1) || !(w.windowMs > 0)) throw new TypeError(`invalid rate window ${JSON.stringify(w)}`);
    }
    this.longestWindowMs = Math.max(0, ...windows.map((w) => w.windowMs));
  }

  /**
   * Milliseconds to wait before one more operation for `key` fits every window: 0 means now,
   * Infinity means only the end of an operation in flight can free a slot.
   */
  waitTime(key: string, now: number): number {
    const state = this.keys.get(key);
    if (!state) return 0;
    this.prune(state, now);
    if (state.finished.length === 0 && state.inFlight === 0) {
      this.keys.delete(key);
      return 0;
    }
    let wait = 0;
    for (const { limit, windowMs } of this.windows) {
      const recent = state.finished.filter((t) => t > now - windowMs);
      const excess = state.inFlight + recent.length - limit + 1;
      if (excess <= 0) continue;
      if (excess > recent.length) return Infinity;
      wait = Math.max(wait, recent[excess - 1] + windowMs - now);
    }
    return wait;
  }

  begin(key: string): void {
    const state = this.keys.get(key) ?? { finished: [], inFlight: 0 };
    state.inFlight++;
    this.keys.set(key, state);
  }

  /** Ends an operation: it counts from `completedAt`, or not at all when undefined (nothing was sent). */
  end(key: string, completedAt: number | undefined): void {
    const state = this.keys.get(key);
    if (!state || state.inFlight === 0) throw new Error(`rate limiter: end without begin for ${key}`);
    state.inFlight--;
    if (completedAt === undefined) return;
    let i = state.finished.length;
    while (i > 0 && state.finished[i - 1] > completedAt) i--;
    state.finished.splice(i, 0, completedAt);
  }

  private prune(state: KeyState, now: number): void {
    const cutoff = now - this.longestWindowMs;
    let drop = 0;
    while (drop < state.finished.length && state.finished[drop] <= cutoff) drop++;
    if (drop > 0) state.finished.splice(0, drop);
  }
}
