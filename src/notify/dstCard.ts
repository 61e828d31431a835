import { DATE_TIME_FORMAT } from '../bot/dateTime';
import { vaultPoliciesLink } from '../backup/portalLinks';
import { withPortalLinks } from '../bot/portalActions';
import type { CardAttachment } from '../bot/chatTypes';
import { DateTime } from 'luxon';
import { renderCard } from '../bot/cards';
import type { PolicyDstChange } from './dstPlanner';

export const KEEP_LOCAL_TIME_VERB = 'dstKeepLocalTime';

/** Card data of the "Keep HH:MM local time" button; the click re-reads everything it names. */
export interface KeepLocalTimeData {
  vaultId: string;
  policy: string;
  transitionAt: string;
}

/** View model of `cards/notify-dst-reminder.json`. */
export interface DstReminderViewModel {
  title: string;
  intro: string;
  facts: Array<{ title: string; value: string }>;
  runs: Array<{ title: string; value: string }>;
  vms: string;
  note: string;
  showButton: boolean;
  buttonTitle: string;
  data: KeepLocalTimeData;
}

export interface ShiftNote {
  /** E.g. "A change to keep 22:00 was filed by Alex Wilber and waits for an approver." */
  text: string;
}

const MAX_VMS_SHOWN = 12;

export function dstReminderViewModel(change: PolicyDstChange, now: Date, existingShift?: ShiftNote): DstReminderViewModel {
  const { policy, effect } = change;
  const at = DateTime.fromISO(effect.transition.at, { zone: effect.ianaZone });
  const days = Math.max(0, Math.round(at.diff(DateTime.fromJSDate(now), 'days').days));
  const when = days === 0 ? 'today' : days === 1 ? 'tomorrow' : `in ${days} days`;
  const keep = effect.runs.map((run) => run.localBefore);
  const needsShift = effect.transition.deltaMinutes !== 0;
  // The keep-local-time change moves daily and weekly run times; an hourly window is moved in the portal.
  const hourly = policy.frequency === 'Hourly';
  return {
    title: `Daylight-saving change ${when}: policy ${policy.name}`,
    intro: `Azure Backup does not move VM backup schedules for daylight saving. After the change the backups of policy ${policy.name} run at a different local time unless the policy is changed.${hourly ? ' This policy runs hourly: move its window start in the Azure portal (the bot moves only daily and weekly run times).' : ''}`,
    facts: [
      { title: 'Policy', value: policy.name },
      { title: 'Vault', value: policy.vault.name },
      { title: 'Time zone', value: `${effect.timeZone} (${effect.ianaZone})` },
      { title: 'Change', value: `${at.toFormat(DATE_TIME_FORMAT)} ${effect.ianaZone}: ${effect.transition.offsetBefore} to ${effect.transition.offsetAfter}` },
    ],
    runs: effect.runs.map((run) => ({
      title: `Run at ${run.policyTime}`,
      value: `now ${run.localBefore} local (${run.utcTime} UTC); after the change ${run.localAfter} local (${run.utcTime} UTC)`,
    })),
    vms: vmList(policy.vms),
    note: existingShift?.text ?? '',
    showButton: needsShift && existingShift === undefined && !hourly,
    buttonTitle: `Keep ${keep.join(', ')} local time`,
    data: { vaultId: policy.vault.id, policy: policy.name, transitionAt: effect.transition.at },
  };
}

export function dstReminderCard(model: DstReminderViewModel): CardAttachment {
  return withPortalLinks(renderCard('notify-dst-reminder', model), [vaultPoliciesLink(model.data.vaultId)]);
}

function vmList(vms: string[]): string {
  if (vms.length === 0) return 'No VM is protected with this policy yet.';
  const sorted = [...vms].sort((a, b) => a.localeCompare(b));
  const shown = sorted.slice(0, MAX_VMS_SHOWN).join(', ');
  const more = sorted.length > MAX_VMS_SHOWN ? ` and ${sorted.length - MAX_VMS_SHOWN} more` : '';
  return `VMs covered (${vms.length}): ${shown}${more}`;
}
