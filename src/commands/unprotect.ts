import { deleteConsequence } from '../backup/lifecycle/vaultSecurity';
import { errorCard } from '../bot/cards';
import type { CommandDefinition } from '../bot/commandTypes';
import { oneVmProblem, requestApproval, vaultRefOf, vmRefOf } from './approvalRequest';

const USAGE = 'unprotect <vm> [--delete-data]';

export const unprotectCommand: CommandDefinition = {
  name: 'unprotect',
  summary: 'Ask to stop backing up a VM, keeping its recovery points (or deleting them with --delete-data); an approver must approve.',
  usage: USAGE,
  examples: ['unprotect vm-web-01', 'unprotect rg-web/vm-web-01 --delete-data'],
  details:
    'Without --delete-data, backups stop and the existing recovery points are kept (and billed) until you delete them; **reprotect VM** resumes. With --delete-data, the recovery points are deleted: when the vault has soft delete on (the default), they are kept 14 days in a soft-deleted state and **reprotect VM** within that time undeletes them; with soft delete off they are gone for good. The card says which applies before anyone approves.',
  flags: { 'delete-data': 'boolean' },
  minRole: 'operator',
  async run(ctx) {
    const problem = oneVmProblem(ctx, USAGE);
    if (problem) return { card: errorCard(problem) };
    const lifecycle = ctx.services.lifecycle;
    const deleteData = ctx.args.flags['delete-data'] === true;
    const { item, security } = await lifecycle.planStop(ctx.args.positional[0], deleteData);
    const name = item.vm.name;
    const consequence = deleteData
      ? deleteConsequence(security, name)
      : `Backups of ${name} stop; its ${item.raw.extendedInfo?.recoveryPointCount ?? 'existing'} recovery points stay in vault ${item.vault.name} until you delete them (**unprotect ${name} --delete-data**). To undo: **reprotect ${name}**.`;
    const notes = deleteData && security.softDelete === 'Disabled' ? [`Soft delete is off in vault ${item.vault.name}: approving deletes the recovery points of ${name} for good.`] : [];
    return requestApproval(
      ctx,
      { kind: 'stopProtection', vm: vmRefOf(item), vault: vaultRefOf(item), deleteData, consequence, ...(item.protection.policyName ? { policy: item.protection.policyName } : {}) },
      notes,
    );
  },
};
