import type { ApprovalExecutor } from '../approvals/executor';
import type { ShiftPolicyScheduleAction } from '../approvals/types';
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
      `shift policy ${action.policy} in vault ${action.vault.name} from ${action.currentRunTimes.join(', ')} to ${action.newRunTimes.join(', ')} (${action.timeZone})`,
    describe: (action) => [
      { title: 'Policy', value: action.policy },
      { title: 'Vault', value: action.vault.name },
      { title: 'Time zone', value: action.timeZone },
      { title: 'Run time now', value: `${action.currentRunTimes.join(', ')} (policy time zone)` },
      { title: 'New run time', value: `${action.newRunTimes.join(', ')} (policy time zone)` },
      { title: 'Why', value: action.reason },
      { title: 'Unchanged', value: 'time zone, retention, instant-restore days and every other policy setting' },
    ],
    missingInput: () => undefined,
    async execute(action) {
      const after = await deps.writer.updatePolicyRunTimes(action.vault, action.policy, action.currentRunTimes, action.newRunTimes);
      deps.onChanged?.();
      return {
        ok: true,
        summary: `Policy ${action.policy} now runs at ${after.runTimes.join(', ')} in its time zone (${after.timeZone}); its other settings were sent back unchanged.`,
        facts: [
          { title: 'Run time', value: `${after.runTimes.join(', ')} (${after.timeZone})` },
          { title: 'Time zone', value: after.timeZone },
          ...(after.instantRestoreDays !== undefined ? [{ title: 'Instant restore', value: `${after.instantRestoreDays} days` }] : []),
        ],
      };
    },
  };
}
