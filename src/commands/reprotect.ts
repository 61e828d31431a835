import { DEFAULT_POLICY } from '../approvals/protection/protectionCalls';
import { errorCard } from '../bot/cards';
import type { CommandDefinition } from '../bot/commandTypes';
import { oneVmProblem, requestApproval, stringFlag, vaultRefOf, vmRefOf } from './approvalRequest';

const USAGE = 'reprotect <vm> [--policy P]';

export const reprotectCommand: CommandDefinition = {
  name: 'reprotect',
  summary: 'Ask to resume the backups of a VM whose protection was stopped (undeleting soft-deleted data first); an approver must approve.',
  usage: USAGE,
  examples: ['reprotect vm-eus-db-01', 'reprotect rg-eus/vm-eus-db-01 --policy pol-eus-daily'],
  details: 'Protection resumes in the vault that holds the VM\'s recovery points, with --policy (a policy of that vault) or DefaultPolicy. Data deleted with soft delete on is undeleted first, if it is still within its retention days.',
  flags: { policy: 'string' },
  minRole: 'operator',
  async run(ctx) {
    const problem = oneVmProblem(ctx, USAGE);
    if (problem) return { card: errorCard(problem) };
    const lifecycle = ctx.services.lifecycle;
    const given = stringFlag(ctx, 'policy');
    const { item, policy } = await lifecycle.planResume(ctx.args.positional[0], given ?? DEFAULT_POLICY);
    const notes = given === undefined ? [`No --policy given: ${policy.name} (${policy.retentionSummary}).`] : [];
    return requestApproval(ctx, { kind: 'resumeProtection', vm: vmRefOf(item), vault: vaultRefOf(item), policy: policy.name, undelete: item.softDeleted }, notes);
  },
};
