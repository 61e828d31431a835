import { CONFIRMED_BY_READING, type ApprovalExecutor } from '../approvals/executor';
import type { ExecutionOutcome, ShiftPolicyScheduleAction } from '../approvals/types';
import type { PolicyInfo, PolicyScheduleWriter } from './ports';

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
    async execute(action, context) {
      // Azure's operation is stored on the request before it is followed (resume, after a restart).
      const after = await deps.writer.updatePolicyRunTimes(action.vault, action.policy, action.currentRunTimes, action.newRunTimes, context.onAccepted);
      deps.onChanged?.();
      return movedOutcome(action, after);
    },
    async resume(action, operation) {
      const after = await deps.writer.resumePolicyUpdate(action.vault, action.policy, operation.operationId);
      deps.onChanged?.();
      return movedOutcome(action, after);
    },
    /**
     * Stopped before Azure answered (no operation stored): the policy as Azure shows it now says
     * whether the write landed: the new run times (applied), the old ones (not), else someone
     * changed it meanwhile (cannot tell).
     */
    async verify(action) {
      const now = await deps.writer.currentPolicy(action.vault, action.policy);
      if (now === undefined) return undefined;
      if (sameTimes(now.runTimes, action.newRunTimes)) {
        deps.onChanged?.();
        const moved = movedOutcome(action, now);
        return { ...moved, summary: `${moved.summary} (${CONFIRMED_BY_READING})` };
      }
      if (sameTimes(now.runTimes, action.currentRunTimes)) {
        return { ok: false, summary: `This change was not applied: Azure shows policy ${action.policy} still running at ${now.runTimes.join(', ')}. Ask again from a fresh reminder or the dst command if it is still needed.`, facts: [] };
      }
      return undefined;
    },
  };
}

/** The card's outcome once the policy reads moved. */
function movedOutcome(action: ShiftPolicyScheduleAction, after: PolicyInfo): ExecutionOutcome {
  return {
    ok: true,
    summary: `Policy ${action.policy} now runs at ${after.runTimes.join(', ')} in its time zone (${after.timeZone}); its other settings were sent back unchanged.`,
    facts: [
      { title: 'Run time', value: `${after.runTimes.join(', ')} (${after.timeZone})` },
      { title: 'Time zone', value: after.timeZone },
      ...(after.instantRestoreDays !== undefined ? [{ title: 'Instant restore', value: `${after.instantRestoreDays} days` }] : []),
    ],
  };
}

function sameTimes(a: string[], b: string[]): boolean {
  return a.join() === b.join();
}
