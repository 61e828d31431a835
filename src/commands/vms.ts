import type { CardAttachment } from '../bot/chatTypes';
import { vaultUrl, vmBackupUrl } from '../backup/portalLinks';
import { withPortalLinks } from '../bot/portalActions';
import { errorCard, renderCard } from '../bot/cards';
import type { CommandDefinition } from '../bot/commandTypes';
import type { BackupService } from '../backup/backupService';
import { describeUnreadable } from '../backup/unreadableVaults';
import type { VmSummary } from '../backup/views';
import { takingBackups } from '../backup/protectionView';
import { hasRole } from '../bot/roles';
import { BACKUP_NOW_VERB } from '../bot/cardVerbs';
import { CHECK_VERB } from './actions/checkAction';
import { PROTECT_VERB } from './actions/protectAction';
import { pageRange, type Page } from './paging';
import { edgeCursors, fitPageFrom, type KeyCursor } from './listCursor';
import { vmSortKeys } from '../backup/listOrder';
import { checkFilterAgainst, describeFilter, FILTER_FLAGS, isEmptyFilter, matchesFilter, parseVmFilter, type VmFilterInput } from '../backup/vmFilter';
import { filterInputOf, filterData } from './filterFlags';

/** Rows per page: a page stays within one screen of the Teams window (issue 13.9). */
export const VMS_PAGE_ROWS = 10;
import { azureWords, countSummary, formatShortInstant, healthColor, protectionColor, protectionLabel } from './presentation';

/** What a `vms` listing was asked for; a "Show more" click carries it back (validated again). */
export interface VmsQuery {
  vault?: string;
  unprotected: boolean;
  /** --subscription, --rg, --tag, --name as typed. */
  filter?: VmFilterInput;
}

export const vmsCommand: CommandDefinition = {
  name: 'vms',
  summary: 'List VMs with their protection state, last backup and health.',
  usage: "vms [vault] [--unprotected] [--rg RG] [--tag k=v] [--name 'web-*'] [--subscription S]",
  examples: ['vms', 'vms rsv-weu-prod', 'vms --unprotected', 'vms rsv-weu-prod --unprotected', "vms --rg rg-web --name 'vm-web-*'", 'vms --tag env=prod --unprotected'],
  details:
    'Without a vault, every VM the bot can see. With a vault, the VMs it protects; with --unprotected as well, the unprotected VMs in that vault\'s region (the ones it could protect). Long lists come a page at a time with a Show more button. Narrow any list with --rg (resource group), --tag key=value (or key alone), --name with * and ? wildcards, and --subscription (its id or first characters).',
  flags: { unprotected: 'boolean', ...FILTER_FLAGS },
  minRole: 'viewer',
  async run({ args, services, user }) {
    if (args.positional.length > 1) {
      return { card: usageError(`vms takes at most one vault name, and I got ${args.positional.length} words: ${args.positional.join(' ')}.`) };
    }
    const query: VmsQuery = { vault: args.positional[0], unprotected: args.flags.unprotected === true, filter: filterInputOf(args.flags) };
    return { card: await vmsCard(services.backup, query, 0, services.config.defaultTimeZone, hasRole(user.role, 'operator')) };
  },
};

function usageError(sentence: string): CardAttachment {
  return errorCard(`${sentence} Usage: ${vmsCommand.usage}`);
}

/**
 * The `vms` card for one page of the listing (the command and "Show more" both come here). `from`
 * is a row number (the first page, buttons posted before cursors) or the cursor of the row a
 * Show more / Show previous button was next to: the list may have changed since (issue 12).
 */
export async function vmsCard(backup: BackupService, query: VmsQuery, from: number | KeyCursor, timeZone: string, canAct = false): Promise<CardAttachment> {
  // The filter is checked as typed before the first Azure call.
  const filter = parseVmFilter(query.filter ?? {});
  const vault = query.vault !== undefined ? await backup.resolveVault(query.vault) : undefined;
  const listed = await backup.listVms({ vault: vault?.id, unprotectedOnly: query.unprotected });
  let vms = listed;
  if (!isEmptyFilter(filter)) {
    // Every VM (a cached list): to name an unknown group or tag, and for the tags of VMs read from their vault.
    const all = await backup.listVms();
    checkFilterAgainst(filter, all);
    const tagsOf = new Map(all.map((vm) => [vm.id.toLowerCase(), vm.tags]));
    vms = Object.assign(
      listed.filter((vm) => matchesFilter({ ...vm, tags: vm.tags ?? tagsOf.get(vm.id.toLowerCase()) }, filter)),
      { unreadable: listed.unreadable },
    );
  }
  const title = titleOf(vms.length, query.unprotected, vault?.name, vault?.region, describeFilter(filter));
  // Vaults that could not be read are named, so a VM they protect is not taken for unprotected.
  const summary = [summaryOf(vms), describeUnreadable(vms.unreadable)].filter((part) => part !== undefined).join(' ');
  const links = vault ? [{ title: 'Vault in the portal', url: vaultUrl(vault.id) }] : [];
  const render = (page: Page<VmSummary>) => renderCard('vms', viewModel(page, title, summary, query, vault?.id, timeZone, canAct));
  return withPortalLinks(fitPageFrom(vms, from, vmSortKeys, render, VMS_PAGE_ROWS).card, links);
}

function viewModel(page: Page<VmSummary>, title: string, summary: string, query: VmsQuery, vaultId: string | undefined, timeZone: string, canAct: boolean) {
  const left = page.nextOffset === undefined ? 0 : page.total - page.nextOffset;
  const cursors = edgeCursors(page, vmSortKeys);
  // The offset stays beside the cursor (the same place as a row number) for a bot that predates
  // cursors, e.g. a replica not yet updated in a rolling deploy; this one pages by the cursor, and the
  // "Showing 11-20" range counts from where the cursor falls today.
  const more = (offset: number, cursor: KeyCursor | undefined) => ({ list: 'vms', vault: vaultId ?? '', unprotected: query.unprotected, offset, ...(cursor ? { cursor } : {}), ...filterData(query.filter) });
  return {
    title,
    summary,
    range: page.total > page.rows.length || page.offset > 0 ? `${pageRange(page)}, sorted by name. Times in ${timeZone}.` : `Times in ${timeZone}.`,
    vms: page.rows.map((vm) => ({ ...row(vm, timeZone), actions: rowActions(vm, canAct), portal: vmBackupUrl(vm.id) })),
    hint: query.unprotected
      ? 'Click **Check** (or type **check VM**) to see whether a VM is ready to be protected, then **Protect** to request it.'
      : 'Each row offers what fits its state: **Check** and **Protect** an unprotected VM, **Back up now** a protected one (or type **check VM**, **backup VM**).',
    hasPrevious: page.previousOffset !== undefined,
    previous: more(page.previousOffset ?? 0, cursors.previous),
    hasMore: page.nextOffset !== undefined,
    moreTitle: `Show more (${left} left)`,
    more: more(page.nextOffset ?? 0, cursors.next),
  };
}

/**
 * What a row offers, by the VM's state: an unprotected VM is checked, then protected; a protected
 * one is backed up. Viewers get Check only (the server checks the role on every click anyway).
 */
function rowActions(vm: VmSummary, canAct: boolean): Array<{ title: string; verb: string; vm: string }> {
  const name = `${vm.resourceGroup}/${vm.name}`;
  const state = vm.protection.state;
  if (state === 'NotProtected') return [{ title: 'Check', verb: CHECK_VERB, vm: name }, ...(canAct ? [{ title: 'Protect', verb: PROTECT_VERB, vm: name }] : [])];
  if (canAct && takingBackups(state)) return [{ title: 'Back up now', verb: BACKUP_NOW_VERB, vm: name }];
  return [];
}

/** One row: the name on its own (never broken), the protection on line one, the rest small below it. */
function row(vm: VmSummary, timeZone: string) {
  const p = vm.protection;
  const protectedState = p.state !== 'NotProtected';
  const place = [vm.resourceGroup, vm.region, vm.osType].filter((part) => part !== undefined && part !== '').join(' · ');
  const detail: Array<{ text: string; color: string; subtle: boolean }> = [];
  const plain = (text: string) => detail.push({ text, color: 'Default', subtle: true });
  if (protectedState) {
    plain(`Last backup ${formatShortInstant(p.lastBackupTime, timeZone, 'never')}`);
    if (p.lastBackupStatus) detail.push({ text: `: ${azureWords(p.lastBackupStatus).toLowerCase()}`, color: healthColor(p.lastBackupStatus), subtle: healthColor(p.lastBackupStatus) === 'Default' });
    // Health is named only when it needs attention: "passed" on every row is noise.
    if (p.health && healthColor(p.health) !== 'Good') {
      plain(' · health ');
      detail.push({ text: azureWords(p.health).toLowerCase(), color: healthColor(p.health), subtle: false });
    }
    // The resource group tells apart VMs of the same name; region and OS are on the check card.
    plain(` · ${vm.resourceGroup}`);
  } else {
    plain(place);
  }
  return {
    name: vm.name,
    state: protectionLabel(p.state),
    stateColor: protectionColor(p.state),
    where: [p.vault, p.policy].filter((part): part is string => part !== undefined && part !== '').join(' · '),
    detail,
  };
}

function titleOf(total: number, unprotected: boolean, vault: string | undefined, region: string | undefined, filter: string): string {
  const matching = filter === '' ? '' : ` (${filter})`;
  if (vault !== undefined && unprotected) return `Unprotected VMs${matching} in ${region} that ${vault} could protect (${total})`;
  if (vault !== undefined) return `VMs${matching} protected by ${vault} (${total})`;
  if (unprotected) return `Unprotected VMs${matching} (${total})`;
  return filter === '' ? `All VMs (${total})` : `VMs with ${filter} (${total})`;
}

function summaryOf(vms: VmSummary[]): string {
  if (vms.length === 0) return 'No VM matches.';
  const byState = new Map<string, number>();
  for (const vm of vms) byState.set(protectionLabel(vm.protection.state), (byState.get(protectionLabel(vm.protection.state)) ?? 0) + 1);
  const states = countSummary([...byState.entries()].map(([label, count]) => [count, label.toLowerCase()]));
  const statuses = new Map<string, number>();
  for (const vm of vms) {
    const status = vm.protection.lastBackupStatus;
    if (vm.protection.state !== 'NotProtected' && status) statuses.set(azureWords(status), (statuses.get(azureWords(status)) ?? 0) + 1);
  }
  const lastBackups = statuses.size === 0 ? '' : ` Last backup: ${countSummary([...statuses.entries()].map(([status, count]) => [count, status.toLowerCase()]))}.`;
  const unhealthy = vms.filter((vm) => vm.protection.health !== undefined && healthColor(vm.protection.health) !== 'Good').length;
  const health = unhealthy > 0 ? ` ${unhealthy} need${unhealthy === 1 ? 's' : ''} attention (health).` : '';
  return `${states}.${lastBackups}${health}`;
}
