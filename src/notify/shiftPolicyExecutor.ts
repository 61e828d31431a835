import type { ApprovalExecutor } from '../approvals/executor';
import type { ShiftPolicyScheduleAction } from '../approvals/types';
import { effectiveUtcRunTimes } from '../backup/dst';
import { policyClock } from './dstPlanner';
import type { PolicyScheduleWriter } from './ports';

export interface ShiftExecutorDeps {
  writer: PolicyScheduleWriter;
  /** Called after a successful write, e.g. to drop cached policy listings. */
  onChanged?: () => void;
}

/**
 * Carries out an approved DST shift: moves `scheduleRunTimes` and nothing else. The backup layer
 * re-reads the policy and refuses when its run times changed since the request was filed.
 */
export function shiftPolicyScheduleExecutor(deps: ShiftExecutorDeps): ApprovalExecutor<ShiftPolicyScheduleAction> {
  return {
    kind: 'shiftPolicySchedule',
    title: (action) => `Keep the local run time of policy ${action.policy}`,
    summary: (action) =>
      `shift policy ${action.policy} in vault ${action.vault.name} from ${clockTimes(action.currentRunTimes)} to ${clockTimes(action.newRunTimes)} (${action.timeZone})`,
    describe: (action) => [
      { title: 'Policy', value: action.policy },
      { title: 'Vault', value: action.vault.name },
      { title: 'Time zone', value: action.timeZone },
      { title: 'Run time now', value: describeTimes(action.currentRunTimes, action.timeZone) },
      { title: 'New run time', value: describeTimes(action.newRunTimes, action.timeZone) },
      { title: 'Why', value: action.reason },
      { title: 'Unchanged', value: 'time zone, retention, instant-restore days and every other policy setting' },
    ],
    missingInput: () => undefined,
    async execute(action) {
      const after = await deps.writer.updatePolicyRunTimes(action.vault, action.policy, action.currentRunTimes, action.newRunTimes);
      deps.onChanged?.();
      return {
        ok: true,
        summary: `Policy ${action.policy} now runs at ${clockTimes(after.scheduleRunTimes)} in its time zone (${after.timeZone}); its other settings were sent back unchanged.`,
        facts: [
          { title: 'Run time', value: describeTimes(after.scheduleRunTimes, after.timeZone) },
          { title: 'Time zone', value: after.timeZone },
          ...(after.instantRestoreDays !== undefined ? [{ title: 'Instant restore', value: `${after.instantRestoreDays} days` }] : []),
        ],
      };
    },
  };
}

function clockTimes(runTimes: string[]): string {
  return policyClock({ scheduleRunTimes: runTimes, timeZone: 'UTC' }).runTimes.join(', ');
}

/** "21:00 policy time (20:00 UTC)" */
function describeTimes(runTimes: string[], timeZone: string): string {
  try {
    const views = effectiveUtcRunTimes(policyClock({ scheduleRunTimes: runTimes, timeZone }));
    return views.map((v) => `${v.policyTime} policy time (${v.utcTime} UTC)`).join(', ');
  } catch {
    return clockTimes(runTimes);
  }
}
