import { errorCard } from '../bot/cards';
import type { CommandDefinition } from '../bot/commandTypes';
import { oneVmProblem, requestApproval, stringFlag, vaultRefOf, vmRefOf } from './approvalRequest';

const USAGE = 'assign <vm> --policy P';

export const assignCommand: CommandDefinition = {
  name: 'assign',
  summary: 'Ask to move a protected VM to another backup policy of its vault; an approver must approve.',
  usage: USAGE,
  examples: ['assign vm-web-01 --policy pol-weu-weekly'],
  details: 'The policy must belong to the vault that protects the VM (type **policies VAULT** to list them). Existing recovery points keep their retention; the next backup follows the new schedule.',
  flags: { policy: 'string' },
  minRole: 'operator',
  async run(ctx) {
    const problem = oneVmProblem(ctx, USAGE);
    if (problem) return { card: errorCard(problem) };
    const policyName = stringFlag(ctx, 'policy');
    if (!policyName) return { card: errorCard(`Which policy? Usage: ${USAGE}`) };
    const lifecycle = ctx.services.lifecycle;
    const { item, policy } = await lifecycle.planPolicyChange(ctx.args.positional[0], policyName);
    return requestApproval(ctx, {
      kind: 'changePolicy',
      vm: vmRefOf(item),
      vault: vaultRefOf(item),
      policy: policy.name,
      ...(item.protection.policyName ? { fromPolicy: item.protection.policyName } : {}),
    });
  },
};
