import { BACKUP_NOW_VERB } from '../../bot/cardVerbs';
import { factsOf } from '../approvalCard';
import { vmBackupUrl } from '../../backup/portalLinks';
import { CONFIRMED_BY_READING, type ApprovalExecutor } from '../executor';
import { UserFacingError } from '../../bot/describeFailure';
import type { EnableProtectionAction, ExecutionOutcome, Fact } from '../types';
import { changeJobSucceeded, jobStatusLabel, operationLabel } from '../../backup/jobPhases';
import type { ConfigureOutcome } from '../../backup/configureOutcome';
import type { ProtectionView } from '../../backup/views';
import { targetOf, type ProtectionCalls } from './protectionCalls';

/** Enables protection of a VM in a vault with a policy, once approved. */
export function protectionExecutor(backup: ProtectionCalls): ApprovalExecutor<EnableProtectionAction> {
  return {
    kind: 'enableProtection',
    title: (action) => `Enable protection for ${action.vm.name}`,
    summary: (action) =>
      `enable protection of ${action.vm.name} (${action.vm.resourceGroup})${action.vault ? ` in vault ${action.vault.name}` : ''}${action.policy ? ` with ${action.policy}` : ''}`,
    describe: (action): Fact[] =>
      factsOf([
        ['VM', `${action.vm.name} (${action.vm.resourceGroup}, ${action.vm.location})`],
        ['Vault', action.vault ? `${action.vault.name} (${action.vault.resourceGroup})` : 'to be chosen by the requester'],
        ['Policy', action.policy ?? (action.requestedPolicy ? `${action.requestedPolicy} (checked once the vault is chosen)` : 'DefaultPolicy unless the vault has none')],
        ['Subscription', action.vm.subscriptionId],
        ['Azure portal', `[Backup of ${action.vm.name}](${vmBackupUrl(action.vm.id)})`],
      ]),
    missingInput: (action) => (action.vault === undefined || action.policy === undefined ? 'Waiting for the requester to choose a vault on this card' : undefined),
    async execute(action, context): Promise<ExecutionOutcome> {
      // The VM, vault and policy the request holds, written as they are: nothing is resolved again.
      // Azure's operation is stored on the request before it is followed (resume, after a restart).
      const request = complete(action);
      return outcomeOf(request, await backup.configureProtection(targetOf(request), { onAccepted: context.onAccepted }));
    },
    async resume(action, operation): Promise<ExecutionOutcome> {
      const request = complete(action);
      return outcomeOf(request, await backup.resumeConfigure(targetOf(request), operation.operationId));
    },
    async verify(action): Promise<ExecutionOutcome | undefined> {
      const { vault, policy } = action;
      if (vault === undefined || policy === undefined) return undefined;
      const existing = existingProtection(await backup.currentProtection(action.vm));
      const sameVault = existing !== undefined && existing.vault.toLowerCase() === vault.name.toLowerCase();
      if (sameVault && (existing.policy === undefined || existing.policy.toLowerCase() === policy.toLowerCase())) {
        return {
          ok: true,
          summary: `Protection of ${action.vm.name} is enabled in vault ${vault.name} with ${policy} (${CONFIRMED_BY_READING}).`,
          facts: factsOf([['Protection state', existing.state]]),
          followUps: [{ title: 'Back up now', verb: BACKUP_NOW_VERB, data: { vm: action.vm.id } }],
        };
      }
      if (existing === undefined) {
        return { ok: false, summary: `Protection of ${action.vm.name} was not enabled: the bot was interrupted before Azure applied it, and Azure shows the VM unprotected. Ask again with protect ${action.vm.name}.`, facts: [] };
      }
      return {
        ok: false,
        summary: `This change was not applied: Azure shows ${action.vm.name} protected by vault ${existing.vault}${existing.policy ? ` with ${existing.policy}` : ''}, not ${vault.name} with ${policy}.`,
        facts: [],
      };
    },
  };
}

/** The request with its vault and policy: the service never approves an incomplete one; this keeps the types honest. */
function complete(action: EnableProtectionAction): EnableProtectionAction & { vault: NonNullable<EnableProtectionAction['vault']>; policy: string } {
  const { vault, policy } = action;
  if (vault === undefined || policy === undefined) throw new UserFacingError('The request has no vault or policy yet, so nothing was changed.');
  return { ...action, vault, policy };
}

/** What the approved card says of a configure's outcome: the job, its status, and a failed one's error and remedy. */
function outcomeOf(action: ReturnType<typeof complete>, job: ConfigureOutcome): ExecutionOutcome {
  const ok = changeJobSucceeded(job.status);
  // A failed ConfigureBackup (e.g. UserErrorGuestAgentStatusUnavailable: the VM agent is not ready)
  // carries the code, Azure's message and the catalogue's remedy (or Azure's own recommendations).
  const error = job.error ? `${job.error.code}: ${job.error.message}` : undefined;
  const remedy = job.error?.catalogue.action;
  const facts = factsOf([
    ['Job', job.jobId],
    ['Operation', operationLabel('ConfigureBackup')],
    ['Job status', jobStatusLabel(job.status)],
    ['Error', error],
    ['What to do', remedy],
  ]);
  if (!ok) {
    const why = error ? ` (${error})` : '';
    const todo = remedy ? ` ${remedy}` : '';
    return { ok, summary: `Azure did not enable protection of ${action.vm.name}: the configure-backup job ended ${jobStatusLabel(job.status).toLowerCase()}${why}.${todo}`, facts, jobId: job.jobId, jobStatus: job.status };
  }
  return {
    ok,
    summary: `Protection of ${action.vm.name} is enabled in vault ${action.vault.name} with ${action.policy}. The first backup runs at the policy's next scheduled time, or now with the button below.`,
    facts,
    jobId: job.jobId,
    jobStatus: job.status,
    followUps: [{ title: 'Back up now', verb: BACKUP_NOW_VERB, data: { vm: action.vm.id } }],
  };
}

/** The vault that protects the VM now (in any protection state), if one does. */
function existingProtection(protection: ProtectionView): { vault: string; policy?: string; state: string } | undefined {
  if (protection.state === 'NotProtected' || protection.vault === undefined) return undefined;
  return { vault: protection.vault, state: protection.state, ...(protection.policy ? { policy: protection.policy } : {}) };
}
