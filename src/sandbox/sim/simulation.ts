import type { PolicyState, ProtectedItemState, JobState, VaultState } from '../model/types';
import type { World } from '../model/world';
import { MINUTE_MS } from '../model/clock';
import { createBackupJob } from './jobs';
import { settleOperations } from './operations';
import { nextFireTime, parseSchedule, type PolicySchedule } from './schedule';

// Moves simulated time forward: fires policy schedules in time order (creating scheduled backup
// jobs at their exact fire times) and completes asynchronous operations. Jobs need no events:
// their status is derived from the clock (jobView.ts).

interface ScheduleEntry {
  vault: VaultState;
  policyName: string;
  schedule: PolicySchedule | undefined;
  nextMs: number | undefined;
}

export class Simulation {
  private entries = new Map<string, ScheduleEntry>();

  constructor(private readonly world: World) {
    this.rebuildSchedules();
  }

  /** Call after a policy is created, changed or deleted. */
  rebuildSchedules(): void {
    this.entries.clear();
    const now = this.world.nowMs();
    for (const vault of this.world.vaults.values()) {
      for (const policy of vault.policies.values()) this.entries.set(entryKey(vault, policy.name), this.entryFor(vault, policy, now));
    }
  }

  policyChanged(vault: VaultState, policy: PolicyState | undefined, policyName: string): void {
    const entryName = entryKey(vault, policyName);
    if (policy) this.entries.set(entryName, this.entryFor(vault, policy, this.world.nowMs()));
    else this.entries.delete(entryName);
  }

  advance(minutes: number): void {
    const target = this.world.nowMs() + Math.round(minutes * MINUTE_MS);
    for (;;) {
      const due = this.earliestDue();
      if (due === undefined || due > target) break;
      this.world.clock.moveTo(due);
      for (const entry of this.entries.values()) {
        if (entry.nextMs !== due) continue;
        this.runPolicyAt(entry.vault, entry.policyName, due);
        entry.nextMs = entry.schedule ? nextFireTime(entry.schedule, due) : undefined;
      }
      settleOperations(this.world);
    }
    this.world.clock.moveTo(target);
    settleOperations(this.world);
  }

  /** Starts the scheduled backups of every item protected with this policy, now. */
  runPolicy(vault: VaultState, policyName: string): JobState[] {
    return this.runPolicyAt(vault, policyName, this.world.nowMs());
  }

  private runPolicyAt(vault: VaultState, policyName: string, atMs: number): JobState[] {
    const wanted = policyName.toLowerCase();
    const items = [...vault.items.values()].filter(
      (item: ProtectedItemState) => item.protectionState === 'Protected' && item.policyName.toLowerCase() === wanted,
    );
    return items.map((item) => createBackupJob(this.world, vault, item, atMs, { scheduled: true }));
  }

  private earliestDue(): number | undefined {
    let earliest: number | undefined;
    for (const entry of this.entries.values()) {
      if (entry.nextMs !== undefined && (earliest === undefined || entry.nextMs < earliest)) earliest = entry.nextMs;
    }
    return earliest;
  }

  private entryFor(vault: VaultState, policy: PolicyState, now: number): ScheduleEntry {
    const schedule = parseSchedule(policy.properties);
    return { vault, policyName: policy.name, schedule, nextMs: schedule ? nextFireTime(schedule, now) : undefined };
  }
}

function entryKey(vault: VaultState, policyName: string): string {
  return `${vault.key}/${policyName.toLowerCase()}`;
}
