import { BACKUP_NOW_VERB } from '../../bot/cardVerbs';
import { changeJobSucceeded } from '../../backup/jobPhases';
import { takingBackups } from '../../backup/protectionView';
import type { ChangeResult } from '../../backup/lifecycle/protectionChanges';
import type { LifecycleService } from '../../backup/lifecycle/lifecycleService';
import { vmBackupUrl } from '../../backup/portalLinks';
import { factsOf } from '../approvalCard';
import { CONFIRMED_BY_READING, type ApprovalExecutor } from '../executor';
import type { ExecutionOutcome, Fact } from '../types';
import type { ResourceRef } from '../resourceRef';
import type { ChangePolicyAction, ResumeProtectionAction, StopProtectionAction } from './types';
import type { VaultCreateBackend } from './vaultCreateExecutor';

/** The Azure calls the life-cycle executors make (the LifecycleService). */
export type LifecycleBackend = Pick<LifecycleService, 'stopProtection' | 'resumeProtection' | 'changePolicy' | 'backupItem'> & VaultCreateBackend;


export function lifecycleExecutors(backend: LifecycleBackend): [ApprovalExecutor<StopProtectionAction>, ApprovalExecutor<ResumeProtectionAction>, ApprovalExecutor<ChangePolicyAction>] {
  return [stopExecutor(backend), resumeExecutor(backend), changePolicyExecutor(backend)];
}

function stopExecutor(backend: LifecycleBackend): ApprovalExecutor<StopProtectionAction> {
  return {
    kind: 'stopProtection',
    title: (a) => (a.deleteData ? `Stop protection of ${a.vm.name} and delete its backup data` : `Stop protection of ${a.vm.name} (keep its backup data)`),
    summary: (a) => `${a.deleteData ? 'stop protection and delete the backup data' : 'stop protection (data kept)'} of ${a.vm.name} (${a.vm.resourceGroup}) in vault ${a.vault.name}`,
    describe: (a) =>
      factsOf([
        ...common(a.vm, a.vault),
        ['Policy now', a.policy],
        ['Backup data', a.deleteData ? 'deleted' : 'kept: existing recovery points stay and can still be restored; no new backups'],
        ['What happens', a.consequence],
      ]),
    missingInput: () => undefined,
    async execute(a) {
      const result = await backend.stopProtection(a.vm.id, a.deleteData);
      const done = a.deleteData
        ? `The backup data of ${a.vm.name} is deleted. ${a.consequence}`
        : `Protection of ${a.vm.name} is stopped; its recovery points are kept in vault ${a.vault.name} until you delete them. Resume with **reprotect ${a.vm.name}**.`;
      return outcome(result, a.deleteData ? 'DeleteBackupData' : 'DisableBackup', done, `Azure did not stop the protection of ${a.vm.name}`);
    },
    async verify(a) {
      const item = await backend.backupItem(a.vm.id);
      const state = item?.protection.view.state;
      if (a.deleteData) {
        if (item === undefined || item.softDeleted) return confirmed(`The backup data of ${a.vm.name} is deleted (${CONFIRMED_BY_READING}). ${a.consequence}`);
        return state !== undefined && takingBackups(state) ? notApplied(`the backup data of ${a.vm.name} was not deleted: Azure shows the VM still protected by vault ${item.vault.name}`) : undefined;
      }
      if (state === 'ProtectionStopped') return confirmed(`Protection of ${a.vm.name} is stopped; its recovery points are kept in vault ${a.vault.name} (${CONFIRMED_BY_READING}). Resume with **reprotect ${a.vm.name}**.`);
      return state !== undefined && takingBackups(state) ? notApplied(`protection of ${a.vm.name} was not stopped: Azure shows it still protected`) : undefined;
    },
  };
}

function confirmed(summary: string): ExecutionOutcome {
  return { ok: true, summary, facts: [] };
}

function notApplied(what: string): ExecutionOutcome {
  return { ok: false, summary: `This change was not applied: ${what}. Ask again if it is still needed.`, facts: [] };
}

function resumeExecutor(backend: LifecycleBackend): ApprovalExecutor<ResumeProtectionAction> {
  return {
    kind: 'resumeProtection',
    title: (a) => `Resume protection of ${a.vm.name}`,
    summary: (a) => `${a.undelete ? 'undelete and ' : ''}resume protection of ${a.vm.name} (${a.vm.resourceGroup}) in vault ${a.vault.name} with ${a.policy}`,
    describe: (a) =>
      factsOf([
        ...common(a.vm, a.vault),
        ['Policy', a.policy],
        ['First', a.undelete ? 'undelete the soft-deleted backup data' : undefined],
      ]),
    missingInput: () => undefined,
    async execute(a) {
      const result = await backend.resumeProtection(a.vm.id, a.policy);
      const base = outcome(result, 'ConfigureBackup', `Protection of ${a.vm.name} is resumed in vault ${a.vault.name} with ${a.policy}; the kept recovery points are still there.`, `Azure did not resume the protection of ${a.vm.name}`);
      if (!base.ok) return base;
      return { ...base, followUps: [{ title: 'Back up now', verb: BACKUP_NOW_VERB, data: { vm: a.vm.id } }] };
    },
    async verify(a) {
      const item = await backend.backupItem(a.vm.id);
      const view = item?.protection.view;
      if (view && takingBackups(view.state) && samePolicy(view.policy, a.policy)) {
        return { ...confirmed(`Protection of ${a.vm.name} is resumed in vault ${a.vault.name} with ${a.policy} (${CONFIRMED_BY_READING}).`), followUps: [{ title: 'Back up now', verb: BACKUP_NOW_VERB, data: { vm: a.vm.id } }] };
      }
      return view?.state === 'ProtectionStopped' ? notApplied(`Azure shows the protection of ${a.vm.name} still stopped`) : undefined;
    },
  };
}

function changePolicyExecutor(backend: LifecycleBackend): ApprovalExecutor<ChangePolicyAction> {
  return {
    kind: 'changePolicy',
    title: (a) => `Move ${a.vm.name} to policy ${a.policy}`,
    summary: (a) => `move ${a.vm.name} (${a.vm.resourceGroup}) in vault ${a.vault.name} from ${a.fromPolicy ?? 'its policy'} to ${a.policy}`,
    describe: (a) => factsOf([...common(a.vm, a.vault), ['Policy now', a.fromPolicy], ['New policy', a.policy]]),
    missingInput: () => undefined,
    async execute(a) {
      const result = await backend.changePolicy(a.vm.id, a.policy);
      return outcome(result, 'ConfigureBackup', `${a.vm.name} now uses policy ${a.policy}; its next backup follows the new schedule, existing points keep their retention.`, `Azure did not move ${a.vm.name} to ${a.policy}`);
    },
    async verify(a) {
      const policy = (await backend.backupItem(a.vm.id))?.protection.view.policy;
      if (samePolicy(policy, a.policy)) return confirmed(`${a.vm.name} now uses policy ${a.policy} (${CONFIRMED_BY_READING}).`);
      return a.fromPolicy !== undefined && samePolicy(policy, a.fromPolicy) ? notApplied(`Azure shows ${a.vm.name} still on policy ${a.fromPolicy}`) : undefined;
    },
  };
}

function common(vm: ResourceRef, vault: ResourceRef): Array<[string, string | undefined]> {
  return [
    ['VM', `${vm.name} (${vm.resourceGroup}, ${vm.location})`],
    ['Vault', `${vault.name} (${vault.resourceGroup})`],
    ['Subscription', vm.subscriptionId],
    ['Azure portal', `[Backup of ${vm.name}](${vmBackupUrl(vm.id)})`],
  ];
}

function outcome(result: ChangeResult, operation: string, done: string, failed: string): ExecutionOutcome {
  const { job } = result;
  const error = job.errors[0];
  const facts: Fact[] = factsOf([
    ['Undelete job', result.undeleteJob ? `${result.undeleteJob.id} (${result.undeleteJob.status})` : undefined],
    ['Job', job.id],
    ['Operation', job.operation || operation],
    ['Job status', job.status],
    ['Error', error ? [error.message, ...error.recommendations].join(' ') : undefined],
  ]);
  const ok = changeJobSucceeded(job.status);
  return { ok, summary: ok ? done : `${failed}: the ${job.operation || operation} job ended ${job.status}.`, facts, jobId: job.id, jobStatus: job.status };
}

function samePolicy(a: string | undefined, b: string): boolean {
  return a !== undefined && a.toLowerCase() === b.toLowerCase();
}
