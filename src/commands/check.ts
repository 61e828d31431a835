import { errorCard, renderCard } from '../bot/cards';
import { vmLink } from '../backup/portalLinks';
import { withPortalLinks } from '../bot/portalActions';
import type { CommandDefinition } from '../bot/commandTypes';
import { sameArmId } from '../backup/armIds';
import type { PreflightResult, VaultView, VmDetails } from '../backup/views';
import { hasRole } from '../bot/roles';
import { BACKUP_NOW_VERB } from '../bot/cardVerbs';
import { PROTECT_VERB } from './actions/protectAction';
import { azureWords, checkStatusColor, checkStatusLabel, plural, protectionLabel } from './presentation';

export const checkCommand: CommandDefinition = {
  name: 'check',
  summary: 'Preflight checks of a VM before protecting it: region, agent, OS, disks, power state, existing protection.',
  usage: 'check <vm> [--vault V]',
  examples: ['check vm-web-03', 'check rg-files/vm-files-01', 'check vm-app-02 --vault rsv-weu-prod'],
  details:
    'Give the VM as a name, resourceGroup/name or its Azure resource id. Each check passes, warns or fails, with what to do. Without --vault the check uses the vault already protecting the VM, or the only vault in its region.',
  flags: { vault: 'string' },
  minRole: 'viewer',
  async run({ args, services, user }) {
    if (args.positional.length !== 1) {
      return { card: errorCard(args.positional.length === 0 ? 'Which VM should I check? Usage: check <vm> [--vault V]' : `check takes one VM, and I got ${args.positional.join(' ')}. Quote a name with spaces. Usage: check <vm> [--vault V]`) };
    }
    const backup = services.backup;
    const vault = typeof args.flags.vault === 'string' ? args.flags.vault : undefined;
    const vm = await backup.resolveVm(args.positional[0]);
    const [details, result, vaults] = await Promise.all([backup.getVmDetails(vm), backup.preflight(vm, vault), backup.listVaults()]);
    return { card: withPortalLinks(renderCard('check', checkViewModel(details, result, vaults, hasRole(user.role, 'operator'))), [vmLink(details.id)]) };
  },
};

/** `canAct`: the reader may press Protect / Back up now (operator or approver); viewers get the words only. */
export function checkViewModel(vm: VmDetails, result: PreflightResult, vaults: VaultView[], canAct: boolean) {
  const fails = result.checks.filter((check) => check.status === 'fail').length;
  const warns = result.checks.filter((check) => check.status === 'warn').length;
  const target = vaults.find((vault) => (vm.protection.vaultId ? sameArmId(vault.id, vm.protection.vaultId) : false)) ?? vaults.find((vault) => vault.name === result.vault);
  // The vaults that can protect it: same subscription and region (Azure refuses any other).
  const inRegion = vaults.filter((vault) => vault.subscriptionId.toLowerCase() === vm.subscriptionId.toLowerCase() && vault.region.toLowerCase() === vm.region.toLowerCase());
  const facts: Array<{ title: string; value: string }> = [
    { title: 'VM', value: `${vm.name} (${vm.resourceGroup})` },
    { title: 'Region', value: vm.region },
    { title: 'OS', value: vm.osName ?? vm.osType ?? 'unknown' },
    { title: 'Power state', value: vm.powerState },
    // Azure's agent status words (NotInstalled, Ready) read as words, not enums (issue 13.8).
    { title: 'Agent', value: vm.agent.version ? `${azureWords(vm.agent.status)}, version ${vm.agent.version}` : azureWords(vm.agent.status) },
    { title: 'Data disks', value: `${vm.disks.dataDiskCount} ${vm.disks.managed ? 'managed' : 'unmanaged'}` },
    // "Initial backup pending in rsv-weu-prod", "Protected by rsv-weu-prod" (issue 13.8).
    { title: 'Protection', value: protectionLabel(vm.protection.state) + (vm.protection.vault ? `${vm.protection.state === 'IRPending' ? ' in' : ' by'} ${vm.protection.vault}` : '') },
  ];
  if (target) {
    facts.push({ title: 'Vault', value: `${target.name}: ${target.redundancyLabel}, ${target.region}` });
  } else if (inRegion.length > 0) {
    facts.push({ title: `Vaults in ${vm.region}`, value: inRegion.map((vault) => `${vault.name} (${vault.redundancy})`).join(', ') });
  }
  return {
    title: `Preflight checks for ${vm.name}`,
    verdict: verdictOf(result.verdict, fails, warns),
    verdictColor: checkStatusColor(result.verdict),
    facts,
    checks: result.checks.map((check) => ({
      label: checkStatusLabel(check.status),
      color: checkStatusColor(check.status),
      title: check.title,
      detail: check.detail,
      remedy: check.status === 'pass' ? '' : (check.remedy ?? ''),
    })),
    notes: result.notes,
    ...nextStep(vm, result.verdict, canAct),
  };
}

/** What to do next, in words and (for operators) as a button; a failing check never offers protection. */
function nextStep(vm: VmDetails, verdict: PreflightResult['verdict'], canAct: boolean): { hint: string; actions: Array<{ title: string; verb: string; vm: string }> } {
  const name = `${vm.resourceGroup}/${vm.name}`;
  if (verdict === 'fail') {
    return { hint: `Fix what failed above, then type **check ${name}** again; protection can be requested once no check fails.`, actions: [] };
  }
  if (vm.protection.state === 'NotProtected') {
    return {
      hint: canAct ? `Click **Protect** (or type **protect ${name}**) to request protection; an approver confirms it.` : `An operator can request protection with **protect ${name}**; an approver confirms it.`,
      actions: canAct ? [{ title: 'Protect', verb: PROTECT_VERB, vm: vm.id }] : [],
    };
  }
  return {
    hint: canAct ? `Click **Back up now** (or type **backup ${name}**) to back it up now.` : `An operator can back it up now with **backup ${name}**.`,
    actions: canAct ? [{ title: 'Back up now', verb: BACKUP_NOW_VERB, vm: vm.id }] : [],
  };
}

function verdictOf(verdict: PreflightResult['verdict'], fails: number, warns: number): string {
  if (verdict === 'fail') return `Not ready: ${plural(fails, 'check')} failed${warns > 0 ? `, ${plural(warns, 'warning')}` : ''}.`;
  if (verdict === 'warn') return `Ready, with ${plural(warns, 'warning')}.`;
  return 'Ready: every check passed.';
}
