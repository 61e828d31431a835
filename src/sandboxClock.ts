import https from 'node:https';

interface Sample {
  remote: number;
  local: number;
}

const MAX_SPEED = 100_000;

/**
 * The simulated clock of a sandbox running in another process (SANDBOX_URL), so replicas that
 * share one sandbox also share its time, as replicas in Azure share Azure's: digests, DST
 * reminders and job times follow the sandbox, not each bot's wall clock.
 *
 * It reads GET /_sandbox/clock every `intervalMs` and extrapolates in between at the speed seen
 * over the last samples. The slower of the last two observed speeds is used, so a single jump
 * (POST /_sandbox/clock/advance) is not taken for the clock's pace. Time never goes backwards.
 */
export class RemoteSandboxClock {
  private samples: Sample[] = [];
  private speed = 0;
  private last = 0;
  private timer?: NodeJS.Timeout;

  private constructor(
    private readonly url: string,
    private readonly caPem: string,
    private readonly intervalMs: number,
  ) {}

  /** Reads the sandbox's time once (a clear error if it does not answer), then keeps in step. */
  static async start(url: string, caPem: string, intervalMs = 1_000): Promise<RemoteSandboxClock> {
    const clock = new RemoteSandboxClock(url, caPem, intervalMs);
    try {
      await clock.sync();
    } catch (err) {
      throw new Error(`the sandbox at SANDBOX_URL (${url}) did not tell its time: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    clock.timer = setInterval(() => void clock.sync().catch(() => undefined), intervalMs);
    clock.timer.unref();
    return clock;
  }

  now(): Date {
    const base = this.samples[this.samples.length - 1];
    // Never run ahead of the sandbox by more than two missed syncs.
    const elapsed = Math.min(Date.now() - base.local, 2 * this.intervalMs);
    this.last = Math.max(this.last, base.remote + elapsed * this.speed);
    return new Date(this.last);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  async sync(): Promise<void> {
    const local = Date.now();
    const remote = Date.parse(await this.fetchNow());
    if (Number.isNaN(remote)) throw new Error('GET /_sandbox/clock answered without a valid time');
    this.samples = [...this.samples.slice(-2), { remote, local }];
    const speeds: number[] = [];
    for (let i = 1; i < this.samples.length; i++) {
      const [a, b] = [this.samples[i - 1], this.samples[i]];
      if (b.local > a.local) speeds.push(Math.min(MAX_SPEED, Math.max(0, (b.remote - a.remote) / (b.local - a.local))));
    }
    this.speed = speeds.length > 0 ? Math.min(...speeds) : 0;
  }

  private fetchNow(): Promise<string> {
    return new Promise((resolve, reject) => {
      const request = https.get(new URL('/_sandbox/clock', this.url), { ca: this.caPem, timeout: 5_000 }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => {
          if (response.statusCode !== 200) return reject(new Error(`HTTP ${response.statusCode}`));
          try {
            resolve(String((JSON.parse(body) as { now?: unknown }).now));
          } catch (err) {
            reject(err instanceof Error ? err : new Error(String(err)));
          }
        });
      });
      request.on('timeout', () => request.destroy(new Error('no answer within 5 s')));
      request.on('error', reject);
    });
  }
}
