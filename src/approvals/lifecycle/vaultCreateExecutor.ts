import type { LifecycleService } from '../../backup/lifecycle/lifecycleService';
import { REDUNDANCY_LABELS, REDUNDANCY_WARNING, type VaultCreatePlan } from '../../backup/lifecycle/vaultCreate';
import { securityLine } from '../../backup/lifecycle/vaultSecurity';
import { vaultPropertiesUrl, vaultUrl } from '../../backup/portalLinks';
import { factsOf } from '../approvalCard';
import type { ApprovalExecutor } from '../executor';
import type { ExecutionOutcome } from '../types';
import type { CreateVaultAction } from './types';

/** The Azure calls of `vault create` (the LifecycleService). */
export type VaultCreateBackend = Pick<LifecycleService, 'createVault' | 'readCreatedVault'>;

const LABEL_OF_TYPE: Record<string, string> = REDUNDANCY_LABELS;

export function vaultCreateExecutor(backend: VaultCreateBackend): ApprovalExecutor<CreateVaultAction> {
  return {
    kind: 'createVault',
    title: (a) => `Create vault ${a.vault.name}`,
    summary: (a) => `create vault ${a.vault.name} in ${a.vault.resourceGroup} (${a.vault.location}), ${REDUNDANCY_LABELS[a.redundancy]}`,
    describe: (a) =>
      factsOf([
        ['Vault', a.vault.name],
        ['Resource group', a.vault.resourceGroup],
        ['Region', a.vault.location],
        ['Subscription', a.vault.subscriptionId],
        ['Storage redundancy', `${REDUNDANCY_LABELS[a.redundancy]}. ${REDUNDANCY_WARNING}`],
        ['Chosen for you', a.choices.length > 0 ? a.choices.join(' ') : undefined],
      ]),
    missingInput: () => undefined,
    async execute(a) {
      const result = await backend.createVault(planOf(a));
      const facts = factsOf([
        ['Vault', `${result.name} (${result.resourceGroup}, ${result.region})`],
        ['Provisioning', result.provisioningState],
        ['Storage redundancy', result.storageType ? `${LABEL_OF_TYPE[result.storageType] ?? result.storageType}${result.storageTypeState ? ` (${result.storageTypeState.toLowerCase()})` : ''}` : undefined],
        ['Security', result.security ? securityLine(result.security) : undefined],
        ['Azure portal', `[Vault ${result.name}](${vaultUrl(result.id)})`],
      ]);
      if (result.storageProblem) {
        return {
          ok: false,
          summary: `Vault ${result.name} is created, but its storage redundancy could not be set to ${REDUNDANCY_LABELS[a.redundancy]}: ${result.storageProblem} Set it in the portal ([Properties > Backup configuration](${vaultPropertiesUrl(result.id)})) before protecting anything.`,
          facts,
        };
      }
      return {
        ok: true,
        summary: `Vault ${result.name} is ready in ${result.region}, ${REDUNDANCY_LABELS[a.redundancy]}. Next: **policy create NAME --vault ${result.name}** for a custom policy, or **protect VM --vault ${result.name}** with its DefaultPolicy.`,
        facts,
      };
    },
    async verify(a): Promise<ExecutionOutcome | undefined> {
      const found = await backend.readCreatedVault(planOf(a));
      if (!found) return { ok: false, summary: `Vault ${a.vault.name} does not exist: it was not created.`, facts: [] };
      const right = found.storageType === a.redundancy;
      return {
        ok: right,
        summary: right ? `Vault ${a.vault.name} exists, ${REDUNDANCY_LABELS[a.redundancy]}.` : `Vault ${a.vault.name} exists but its storage is ${found.storageType ?? 'not reported'}, not ${a.redundancy}; set it in the portal before protecting anything.`,
        facts: factsOf([['Azure portal', `[Vault ${a.vault.name}](${vaultUrl(a.vault.id)})`]]),
      };
    },
  };
}

function planOf(a: CreateVaultAction): VaultCreatePlan {
  return { name: a.vault.name, subscriptionId: a.vault.subscriptionId, resourceGroup: a.vault.resourceGroup, region: a.vault.location, redundancy: a.redundancy, choices: a.choices, vaultsInRegion: [] };
}
