import { nextDstEffect, type DstEffect, type PolicyClock } from '../backup/dst';
import type { Logger } from '../logger';
import type { Clock, NotifyBackup, PolicyInfo, VaultInfo } from './ports';

/** One policy whose local run time moves at its zone's next DST transition. */
export interface PolicyDstChange {
  policy: PolicyInfo;
  effect: DstEffect;
}

export interface DstPlan {
  changes: PolicyDstChange[];
  /** Policies without DST (UTC and zones without daylight saving), by name, for the `dst` card. */
  unaffected: string[];
  /** Policies that could not be read or understood, one sentence each. */
  problems: string[];
}

export interface DstPlannerOptions {
  backup: NotifyBackup;
  clock: Clock;
  logger: Logger;
  /** Policies change rarely: the per-minute reminder check reuses one listing this long. */
  cacheMinutes?: number;
}

/**
 * Reads every vault's policies and works out the next DST transition of each one's zone with
 * src/backup/dst.ts. Also answers "which policy protects this VM" for alert cards.
 */
export class DstPlanner {
  private cache?: { at: number; policies: PolicyInfo[]; problems: string[] };

  constructor(private readonly options: DstPlannerOptions) {}

  async plan(now: Date = this.options.clock()): Promise<DstPlan> {
    const { policies, problems } = await this.policies(now);
    const plan: DstPlan = { changes: [], unaffected: [], problems: [...problems] };
    for (const policy of policies) {
      if (policy.scheduleRunTimes.length === 0) continue;
      try {
        const effect = nextDstEffect(policyClock(policy), now);
        if (effect === undefined) plan.unaffected.push(`${policy.name} (${policy.vault.name})`);
        else plan.changes.push({ policy, effect });
      } catch (err) {
        plan.problems.push(`${policy.name} (${policy.vault.name}): ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    plan.changes.sort((a, b) => Date.parse(a.effect.transition.at) - Date.parse(b.effect.transition.at) || a.policy.name.localeCompare(b.policy.name));
    return plan;
  }

  /** Reads one policy again, bypassing the cache (before filing a change). */
  async freshPolicy(vault: VaultInfo, name: string): Promise<PolicyInfo | undefined> {
    const policies = await this.options.backup.listPolicies(vault);
    return policies.find((p) => p.name.toLowerCase() === name.toLowerCase());
  }

  async vault(vaultId: string): Promise<VaultInfo | undefined> {
    const vaults = await this.options.backup.listVaults();
    return vaults.find((v) => v.id.toLowerCase() === vaultId.toLowerCase());
  }

  /** The policy protecting `vm` in a vault and its instant-restore days, from the cached listing. */
  async policyOf(vaultId: string, vm: string): Promise<{ policy?: string; instantRestoreDays?: number }> {
    const { policies } = await this.policies(this.options.clock());
    const policy = policies.find((p) => p.vault.id.toLowerCase() === vaultId.toLowerCase() && p.vms.some((name) => name.toLowerCase() === vm.toLowerCase()));
    return policy === undefined ? {} : { policy: policy.name, instantRestoreDays: policy.instantRestoreDays };
  }

  /** Forgets the cached listing (after a policy change). */
  invalidate(): void {
    this.cache = undefined;
  }

  private async policies(now: Date): Promise<{ policies: PolicyInfo[]; problems: string[] }> {
    const maxAge = (this.options.cacheMinutes ?? 60) * 60_000;
    if (this.cache !== undefined && Math.abs(now.getTime() - this.cache.at) < maxAge) return this.cache;
    const policies: PolicyInfo[] = [];
    const problems: string[] = [];
    for (const vault of await this.options.backup.listVaults()) {
      try {
        policies.push(...(await this.options.backup.listPolicies(vault)));
      } catch (err) {
        this.options.logger.warn({ err, vault: vault.name }, 'dst: could not list policies');
        problems.push(`${vault.name}: the policies could not be read (${err instanceof Error ? err.message : String(err)})`);
      }
    }
    this.cache = { at: now.getTime(), policies, problems };
    return this.cache;
  }
}

/**
 * The policy's run times as written: "2018-01-24T22:00:00Z" is 22:00 wall-clock time in the policy's
 * zone on a reference date (the Z is not UTC; see src/backup/dst.ts), so the string is split, not parsed.
 */
export function policyClock(policy: Pick<PolicyInfo, 'scheduleRunTimes' | 'timeZone'>): PolicyClock {
  const parts = policy.scheduleRunTimes.map(splitRunTime);
  return { runTimes: parts.map((p) => p.time), referenceDate: parts[0]?.date, timeZone: policy.timeZone || 'UTC' };
}

/** Writes new HH:MM run times back in the policy's own format, keeping each reference date. */
export function withRunTimes(scheduleRunTimes: string[], newTimes: string[]): string[] {
  return scheduleRunTimes.map((original, i) => {
    const { date, rest } = splitRunTime(original);
    return `${date}T${newTimes[i] ?? newTimes[0]}${rest}`;
  });
}

function splitRunTime(value: string): { date: string; time: string; rest: string } {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(.*)$/.exec(value.trim());
  if (match === null) throw new Error(`the policy run time "${value}" is not in the expected yyyy-mm-ddThh:mm form`);
  return { date: match[1], time: match[2], rest: match[3] };
}
