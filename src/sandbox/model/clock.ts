// The sandbox's own time. Nothing in the simulation reads the real clock: jobs, schedules and
// operation timestamps all use this, so tests move time forward instead of waiting.

export class SimClock {
  private nowMs: number;

  constructor(start: Date) {
    this.nowMs = start.getTime();
  }

  now(): Date {
    return new Date(this.nowMs);
  }

  nowMillis(): number {
    return this.nowMs;
  }

  /** Moves time to `ms`; time never goes backwards. */
  moveTo(ms: number): void {
    if (ms > this.nowMs) this.nowMs = ms;
  }
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** Default start when neither the estate nor the caller fixes one: the real time, rounded down to the hour. */
export function defaultClockStart(realNow: Date = new Date()): Date {
  return new Date(Math.floor(realNow.getTime() / HOUR_MS) * HOUR_MS);
}
