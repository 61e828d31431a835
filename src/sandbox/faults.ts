import { SeededRandom } from './model/random';

// Fault injection for ARM routes (never for /_sandbox control routes): a share of matching requests
// gets a 429 with Retry-After, a 500, a 403 AuthorizationFailed (a missing role assignment) or a
// dropped connection; optional latency applies to every matching request. `count` caps how many faults are injected (e.g. "fail the next call once").

export type FaultStatus = 403 | 429 | 500 | 'reset';

export interface FaultSettings {
  share: number;
  status?: FaultStatus;
  retryAfterSeconds?: number;
  latencyMs?: number;
  pathContains?: string;
  count?: number;
}

export type FaultDecision = { kind: 'none' } | { kind: 'status'; status: 403 | 429 | 500; retryAfterSeconds?: number } | { kind: 'reset' };

export class FaultInjector {
  private settings: FaultSettings | undefined;
  private injected = 0;

  constructor(private readonly random: SeededRandom) {}

  set(settings: FaultSettings): void {
    this.settings = { ...settings };
    this.injected = 0;
  }

  clear(): void {
    this.settings = undefined;
    this.injected = 0;
  }

  current(): (FaultSettings & { injected: number }) | undefined {
    return this.settings ? { ...this.settings, injected: this.injected } : undefined;
  }

  latencyFor(path: string): number {
    return this.matches(path) ? (this.settings?.latencyMs ?? 0) : 0;
  }

  decide(path: string): FaultDecision {
    const settings = this.settings;
    if (!settings || !settings.status || !this.matches(path)) return { kind: 'none' };
    if (settings.count !== undefined && this.injected >= settings.count) return { kind: 'none' };
    if (this.random.next() >= settings.share) return { kind: 'none' };
    this.injected++;
    if (settings.status === 'reset') return { kind: 'reset' };
    return { kind: 'status', status: settings.status, retryAfterSeconds: settings.retryAfterSeconds };
  }

  private matches(path: string): boolean {
    const filter = this.settings?.pathContains;
    return filter === undefined || path.toLowerCase().includes(filter.toLowerCase());
  }
}
