import { DateTime } from 'luxon';
import { vaultPoliciesLink } from '../backup/portalLinks';
import { withPortalLinks } from '../bot/portalActions';
import { errorCard, renderCard } from '../bot/cards';
import type { CommandDefinition } from '../bot/commandTypes';
import type { PolicyView } from '../backup/views';
import { instantRestoreText, kindLabel, scheduleText, utcText } from './policyText';
import { runPolicyForm } from './policyForm';

export const policyCommand: CommandDefinition = {
  name: 'policy',
  summary: 'One backup policy: schedule in its time zone and UTC, retention, instant restore, protected VMs, next DST change.',
  usage: 'policy <name> [--vault V] | policy create <name> --vault V | policy edit <name> [--vault V]',
  examples: ['policy pol-weu-nightly', 'policy DefaultPolicy --vault rsv-weu-prod', 'policy create pol-weu-daily-2200 --vault rsv-weu-prod', 'policy edit pol-weu-nightly --vault rsv-weu-prod'],
  details:
    'Every vault has a DefaultPolicy, so name the vault with --vault when a policy name exists in several vaults. **policy create** and **policy edit** (operators) open a card to set the schedule (daily or weekly, time, time zone), instant-restore days and daily/weekly/monthly/yearly retention; an approver must approve before Azure is changed.',
  flags: { vault: 'string' },
  minRole: 'viewer',
  async run(ctx) {
    const { args, services } = ctx;
    const sub = args.positional[0]?.toLowerCase();
    if (sub === 'create' || sub === 'edit') return runPolicyForm(ctx, sub === 'create' ? 'create' : 'update');
    if (args.positional.length !== 1) {
      return { card: errorCard(args.positional.length === 0 ? 'Which policy? Usage: policy <name> [--vault V]. Type **policies** to list them.' : 'policy takes one policy name. Usage: policy <name> [--vault V]') };
    }
    const vault = typeof args.flags.vault === 'string' ? args.flags.vault : undefined;
    const policy = await services.backup.getPolicy(args.positional[0], vault);
    return { card: withPortalLinks(renderCard('policy', policyViewModel(policy)), [vaultPoliciesLink(policy.vaultId)]) };
  },
};

export function policyViewModel(policy: PolicyView) {
  const zone = policy.ianaZone && policy.ianaZone !== policy.timeZone ? `${policy.timeZone} (${policy.ianaZone})` : policy.timeZone;
  const effect = policy.nextDst;
  const moved = effect?.runs.filter((run) => run.localBefore !== run.localAfter) ?? [];
  return {
    title: `Policy ${policy.name}`,
    subtitle: `Vault ${policy.vault} (${policy.resourceGroup}) · ${kindLabel(policy)} policy`,
    facts: [
      { title: 'Schedule', value: scheduleText(policy) },
      { title: 'In UTC', value: utcText(policy) },
      { title: 'Time zone', value: zone },
      { title: 'Instant restore', value: `${instantRestoreText(policy)} of snapshots` },
      { title: 'Protected VMs', value: String(policy.protectedItemsCount) },
    ],
    retention:
      policy.retention.length > 0
        ? policy.retention.map((rule) => ({ title: capitalise(rule.tier), value: `${rule.count} ${rule.unit.toLowerCase()}` }))
        : [{ title: 'Retention', value: 'not reported' }],
    dstSummary: effect
      ? effect.summary
      : `${policy.timeZone} has no daylight-saving change coming, so the local run time stays where it is.`,
    // A coming move is said in bold: the Warning colour is unreadable on white in most themes (issue 13.9).
    dstColor: 'Default',
    dstWeight: moved.length > 0 ? 'Bolder' : 'Default',
    dstFacts: effect
      ? [
          { title: 'Change', value: `${DateTime.fromISO(effect.transition.localDate).toFormat('d LLL yyyy')}, ${effect.transition.offsetBefore} to ${effect.transition.offsetAfter}` },
          { title: 'Local run time', value: effect.runs.map((run) => `${run.localBefore} before, ${run.localAfter} after`).join('; ') },
          ...(moved.length > 0 ? [{ title: `To keep ${moved.map((run) => run.localBefore).join(', ')} local`, value: `set the policy time to ${effect.keepLocal.runTimes.join(', ')} right after the last run before the change` }] : []),
        ]
      : [],
    hint: `Type **dst** to plan the daylight-saving changes of every policy; operators change this one with **policy edit ${policy.name} --vault ${policy.vault}**.`,
  };
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
