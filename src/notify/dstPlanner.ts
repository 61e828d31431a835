import type { DstEffect } from '../backup/dst';
import { errorFacts, type Logger } from '../logger';
import type { Clock, NotifyBackup, PolicyInfo, VaultInfo } from './ports';

/** One policy whose local run time moves at its zone's next DST transition. */
export interface PolicyDstChange {
  policy: PolicyInfo;
  effect: DstEffect;
}

export interface DstPlan {
  changes: PolicyDstChange[];
  /** Policies whose zone has no DST (UTC and the like), by name, for the `dst` card. */
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
 * Reads every vault's policies with the next DST transition of each one's zone (worked out by
 * src/backup/dst.ts when listed) and keeps the listing for an hour. Also answers "which policy
 * protects this VM" for alert cards.
 */
export class DstPlanner {
  private cache?: { at: number; policies: PolicyInfo[]; problems: string[] };

  constructor(private readonly options: DstPlannerOptions) {}

  async plan(now: Date = this.options.clock()): Promise<DstPlan> {
    let { policies, problems } = await this.policies(now);
    // A transition computed at listing time that has passed since: list again for the next one.
    if (policies.some((p) => p.nextDst !== undefined && Date.parse(p.nextDst.transition.at) <= now.getTime())) {
      this.invalidate();
      ({ policies, problems } = await this.policies(now));
    }
    const plan: DstPlan = { changes: [], unaffected: [], problems: [...problems] };
    for (const policy of policies) {
      // Hourly policies carry no run times here (the bot moves only daily and weekly ones), but their
      // window moves with DST all the same: `dst` lists every policy whose change `policies` announces.
      if (policy.runTimes.length === 0 && policy.frequency !== 'Hourly') continue;
      if (policy.nextDst === undefined) plan.unaffected.push(`${policy.name} (${policy.vault.name})`);
      else if (Date.parse(policy.nextDst.transition.at) > now.getTime()) plan.changes.push({ policy, effect: policy.nextDst });
    }
    plan.changes.sort((a, b) => Date.parse(a.effect.transition.at) - Date.parse(b.effect.transition.at) || a.policy.name.localeCompare(b.policy.name));
    return plan;
  }

  /** Reads one policy again, bypassing this cache (before filing a change). */
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
        this.options.logger.warn({ ...errorFacts(err), vault: vault.name }, 'dst: could not list policies');
        problems.push(`${vault.name}: the policies could not be read (${err instanceof Error ? err.message : String(err)})`);
      }
    }
    this.cache = { at: now.getTime(), policies, problems };
    return this.cache;
  }
}
