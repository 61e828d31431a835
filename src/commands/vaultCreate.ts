import { resourceRefOf } from '../approvals/resourceRef';
import { REDUNDANCY_WARNING, vaultArmId } from '../backup/lifecycle/vaultCreate';
import { errorCard } from '../bot/cards';
import type { CommandDefinition } from '../bot/commandTypes';
import { quoted } from '../userText';
import { requestApproval, stringFlag } from './approvalRequest';

const USAGE = 'vault create <name> [--region R] [--redundancy GRS|LRS|ZRS] [--rg RG] [--subscription S]';

/**
 * `vault create`: checks the name, region, resource group and redundancy before anything reaches
 * Azure, fills in what was left out (region and resource group from the unprotected VMs the vault
 * is for), and posts an approval card; the vault is created once an approver approves.
 */
export const vaultCommand: CommandDefinition = {
  name: 'vault',
  summary: 'Ask to create a Recovery Services vault (name checked, region from the VMs it is for, GRS by default); an approver must approve.',
  usage: USAGE,
  examples: ['vault create rsv-weu-apps --region westeurope --rg rg-backup-weu', 'vault create rsv-web --rg rg-web --redundancy LRS', 'vault create rsv-new'],
  details:
    'Vault names have 2 to 50 characters: a letter first, then letters, digits or hyphens, and are unique in the subscription. Without --region, the vault goes to the region of most of the unprotected VMs (in --rg when given): a vault protects only VMs of its own region. Without --rg, it goes to the resource group of those VMs. Storage redundancy is GRS unless you say LRS or ZRS; it can no longer change once the vault protects an item. Once approved, the vault is created and its storage redundancy set; the card links to it in the Azure portal. To list vaults: **vaults**.',
  flags: { region: 'string', redundancy: 'string', rg: 'string', subscription: 'string' },
  minRole: 'operator',
  async run(ctx) {
    const [verb, name, ...rest] = ctx.args.positional;
    if (verb === undefined) return { card: errorCard(`What should I do with a vault? Usage: ${USAGE}. To list the vaults: **vaults**.`) };
    if (verb.toLowerCase() !== 'create') return { card: errorCard(`${quoted(verb)} is not something I do with a vault: only **vault create**. Usage: ${USAGE}. To list the vaults: **vaults**.`) };
    if (name === undefined) return { card: errorCard(`Which name for the new vault? Usage: ${USAGE}`) };
    if (rest.length > 0) return { card: errorCard(`A vault name is one word (got ${quoted([name, ...rest].join(' '))}). Usage: ${USAGE}`) };
    const lifecycle = ctx.services.lifecycle;
    const plan = await lifecycle.planVaultCreate({
      name,
      region: stringFlag(ctx, 'region'),
      redundancy: stringFlag(ctx, 'redundancy'),
      resourceGroup: stringFlag(ctx, 'rg'),
      subscription: stringFlag(ctx, 'subscription'),
    });
    const notes = [
      REDUNDANCY_WARNING,
      ...(plan.vaultsInRegion.length > 0 ? [`Already in ${plan.region}: ${plan.vaultsInRegion.join(', ')}. A VM can be protected by one vault only.`] : []),
    ];
    const vault = resourceRefOf({ ...plan, id: vaultArmId(plan.subscriptionId, plan.resourceGroup, plan.name) });
    return requestApproval(ctx, { kind: 'createVault', vault, redundancy: plan.redundancy, choices: plan.choices }, notes);
  },
};
