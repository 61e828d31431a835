import { isBackupError } from '../backup/backupError';
import { errorCard } from '../bot/cards';
import type { CommandContext, CommandDefinition, HandlerContext, Reply } from '../bot/commandTypes';
import { planProtection, type ProtectRequest } from '../approvals/protection/protectionPlanner';
import { quoted } from '../userText';
import { fileApproval, postApprovalCard } from './approvalRequest';

/** Names and ids are bounded before anything else looks at them. */
const MAX_ARGUMENT_LENGTH = 300;

export const protectCommand: CommandDefinition = {
  name: 'protect',
  summary: 'Ask to enable backup for a VM: runs the preflight, then posts a card an approver must approve.',
  usage: 'protect <vm> [--vault V] [--policy P]',
  examples: ['protect vm-web-03', 'protect rg-app/vm-app-02 --vault rsv-weu-prod --policy pol-weu-nightly'],
  details:
    'The VM can be a name, resourceGroup/name or an ARM id. Without --vault, the only vault in the VM\'s region is used; if there are several, you choose on the card. Without --policy, DefaultPolicy (daily, 30-day retention, 2-day instant restore). A failing preflight check stops the request; warnings are shown to the approver. An approver other than you must approve before anything changes in Azure.',
  flags: { vault: 'string', policy: 'string' },
  minRole: 'operator',
  async run(ctx) {
    const problem = argumentProblem(ctx);
    if (problem !== undefined) return { card: errorCard(problem) };
    return requestProtection(ctx, { vm: ctx.args.positional[0], vault: flag(ctx, 'vault'), policy: flag(ctx, 'policy') });
  },
};

/**
 * Plans the request (preflight, vault, policy) and posts its approval card (then returns undefined),
 * or returns the reason it cannot be made. The typed command and the Protect buttons (check, vms) share this.
 */
export async function requestProtection(asker: HandlerContext, input: ProtectRequest): Promise<Reply | undefined> {
  let plan;
  try {
    plan = await planProtection(asker.services.backup, input);
  } catch (err) {
    if (isBackupError(err)) return { card: errorCard(err.message) };
    throw err;
  }
  if ('refusal' in plan) return { card: errorCard(plan.refusal) };
  await postApprovalCard(asker, await fileApproval(asker, plan.action, plan.notes, plan.checks));
  return undefined;
}

function flag(ctx: CommandContext, name: string): string | undefined {
  const value = ctx.args.flags[name];
  return typeof value === 'string' ? value.trim() : undefined;
}

function argumentProblem(ctx: CommandContext): string | undefined {
  const { positional } = ctx.args;
  if (positional.length === 0) return `Name the VM to protect. Usage: ${protectCommand.usage}`;
  if (positional.length > 1) return `Name one VM only (got ${quoted(positional.join(' '))}); use quotes if the name has spaces. Usage: ${protectCommand.usage}`;
  const values = [positional[0], flag(ctx, 'vault'), flag(ctx, 'policy')].filter((v): v is string => v !== undefined);
  if (values.some((v) => v.length === 0 || v.length > MAX_ARGUMENT_LENGTH)) return `Names must be 1 to ${MAX_ARGUMENT_LENGTH} characters. Usage: ${protectCommand.usage}`;
  return undefined;
}
