import { describeUnreadable } from '../backup/unreadableVaults';
import { vaultPoliciesLink } from '../backup/portalLinks';
import { withPortalLinks } from '../bot/portalActions';
import type { CardAttachment } from '../bot/chatTypes';
import { errorCard, renderCard } from '../bot/cards';
import type { CommandDefinition } from '../bot/commandTypes';
import type { BackupService } from '../backup/backupService';
import type { PolicyView } from '../backup/views';
import { pageRange, type Page } from './paging';
import { edgeCursors, fitPageFrom, type KeyCursor } from './listCursor';
import { policySortKeys } from '../backup/listOrder';
import { plural } from './presentation';

/** Policies per page: a page stays within one screen of the Teams window (issue 13.9). */
export const POLICIES_PAGE_ROWS = 8;
import { dstShortText, instantRestoreText, kindLabel, scheduleText, utcText } from './policyText';

export const policiesCommand: CommandDefinition = {
  name: 'policies',
  summary: 'VM backup policies: schedule in the policy time zone and in UTC, retention, next daylight-saving effect.',
  usage: 'policies [vault]',
  examples: ['policies', 'policies rsv-weu-prod'],
  details: 'Azure Backup keeps a VM policy at the same UTC time all year, so a daylight-saving change moves the local run time; the list shows the next such change.',
  minRole: 'viewer',
  async run({ args, services }) {
    if (args.positional.length > 1) return { card: errorCard('policies takes at most one vault name. Usage: policies [vault]') };
    return { card: await policiesCard(services.backup, args.positional[0], 0) };
  },
};

/** The `policies` card for one page (the command and "Show more" both come here); `from` as in vmsCard. */
export async function policiesCard(backup: BackupService, vaultQuery: string | undefined, from: number | KeyCursor): Promise<CardAttachment> {
  const vault = vaultQuery !== undefined ? await backup.resolveVault(vaultQuery) : undefined;
  const policies = await backup.listPolicies(vault?.id);
  const title = vault ? `Backup policies in ${vault.name} (${policies.length})` : `VM backup policies (${policies.length})`;
  const unread = describeUnreadable(policies.unreadable);
  const links = vault ? [vaultPoliciesLink(vault.id)] : [];
  const render = (page: Page<PolicyView>) => renderCard('policies', viewModel(page, title, vault?.id, unread));
  return withPortalLinks(fitPageFrom(policies, from, policySortKeys, render, POLICIES_PAGE_ROWS).card, links);
}

function viewModel(page: Page<PolicyView>, title: string, vaultId: string | undefined, unread: string | undefined) {
  const left = page.nextOffset === undefined ? 0 : page.total - page.nextOffset;
  const cursors = edgeCursors(page, policySortKeys);
  const more = (offset: number, cursor: KeyCursor | undefined) => ({ list: 'policies', vault: vaultId ?? '', offset, ...(cursor ? { cursor } : {}) });
  return {
    title,
    summary: [
      page.total === 0 ? 'No Azure VM backup policy found.' : "Run times are in each policy's time zone; Azure Backup does not move them for daylight saving.",
      unread,
    ]
      .filter((part) => part !== undefined)
      .join(' '),
    range: page.total > page.rows.length || page.offset > 0 ? pageRange(page) : '',
    policies: page.rows.map((policy) => ({
      name: policy.name,
      vault: policy.vault,
      kind: kindLabel(policy),
      // A policy kept in UTC needs no second time in UTC.
      schedule: /^(UTC|Coordinated Universal Time)$/i.test(policy.timeZone) ? scheduleText(policy) : `${scheduleText(policy)}, ${utcText(policy)}`,
      retention: policy.retentionSummary || 'not reported',
      instantRestore: instantRestoreText(policy),
      protectedItems: plural(policy.protectedItemsCount, 'VM'),
      // Only a change worth reading: a zone without daylight saving says nothing (its UTC time is shown).
      dst: policy.nextDst ? dstShortText(policy) : '',
    })),
    hint: 'Type **policy NAME --vault VAULT** for the details and the next daylight-saving effect.',
    hasPrevious: page.previousOffset !== undefined,
    previous: more(page.previousOffset ?? 0, cursors.previous),
    hasMore: page.nextOffset !== undefined,
    moreTitle: `Show more (${left} left)`,
    more: more(page.nextOffset ?? 0, cursors.next),
  };
}
