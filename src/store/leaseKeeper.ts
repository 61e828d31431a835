import { errorFacts, type Logger } from '../logger';
import type { LeaderLease } from './leaderLease';

export interface LeaseKeeperOptions {
  /** How often to renew (or try to acquire), usually a third of the lease TTL: the background runner calls tick() at this pace. */
  intervalMs: number;
  logger?: Logger;
  /** Called when this instance becomes or stops being the holder. */
  onChange?: (held: boolean) => void;
}

/**
 * Keeps trying to hold a lease: each tick() renews it while held, tries to acquire it otherwise
 * (the background runner calls it every `intervalMs`, src/runner/). Singleton work checks `isLeader()`.
 */
export class LeaseKeeper {
  private ticking?: Promise<void>;
  private wasHeld = false;

  constructor(
    private readonly lease: LeaderLease,
    private readonly options: LeaseKeeperOptions,
  ) {
    if (!(options.intervalMs > 0)) throw new TypeError('LeaseKeeper needs a positive intervalMs');
  }

  get intervalMs(): number {
    return this.options.intervalMs;
  }

  /** Releases the lease (after the round in progress) so another replica can take over at once; call once the runner stopped ticking. */
  async stop(): Promise<void> {
    await this.ticking;
    if (this.wasHeld) await this.lease.release().catch((err: unknown) => this.options.logger?.warn(errorFacts(err), 'could not release lease'));
    this.report(false, 'released');
  }

  isLeader(): boolean {
    return this.lease.isHeld();
  }

  /** One renew-or-acquire round (exposed so tests and start-up can await it). */
  tick(): Promise<void> {
    this.ticking ??= this.round().finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  private async round(): Promise<void> {
    try {
      const held = this.wasHeld ? (await this.lease.renew()) || (await this.lease.acquire()) : await this.lease.acquire();
      this.report(held, 'lost');
    } catch (err) {
      // Storage trouble: we cannot prove we hold it, so behave as a follower until it clears.
      this.options.logger?.warn({ ...errorFacts(err), holder: this.lease.holderId }, 'lease round failed');
      this.report(this.lease.isHeld(), 'lost');
    }
  }

  /**
   * Logs a change of holder. Giving the lease up on a normal stop is routine (info, "released on
   * shutdown"); losing it while running means another replica or a storage problem took it (warn).
   */
  private report(held: boolean, how: 'lost' | 'released'): void {
    if (held === this.wasHeld) return;
    this.wasHeld = held;
    const logger = this.options.logger;
    if (held) logger?.info({ holder: this.lease.holderId, held }, 'lease acquired');
    else if (how === 'released') logger?.info({ holder: this.lease.holderId, held }, 'lease released on shutdown');
    else logger?.warn({ holder: this.lease.holderId, held }, 'lease lost: another instance holds it now, or the store could not be read');
    this.options.onChange?.(held);
  }
}
