import { DateTime } from 'luxon';
import { renderCard } from '../bot/cards';
import type { CommandDefinition } from '../bot/commandTypes';
import { UserFacingError } from '../bot/describeFailure';
import type { DstPlan } from '../notify/dstPlanner';
import { requireNotify } from './subscribe';
import { plural } from './presentation';

export const dstCommand: CommandDefinition = {
  name: 'dst',
  summary: 'Coming daylight-saving changes and how they move each backup policy\'s local run time.',
  usage: 'dst',
  examples: ['dst'],
  details:
    'Azure Backup keeps a VM policy\'s run time fixed in UTC, so its local run time moves at each daylight-saving change. For every policy of every vault this lists the next change in its time zone, the run time now and after, and the policy time that would keep the local time. **subscribe dst** posts reminders with a button to make that change (approved by an approver).',
  minRole: 'viewer',
  async run(ctx) {
    const notify = requireNotify(ctx);
    if (ctx.args.positional.length > 0) throw new UserFacingError('**dst** takes no arguments: it lists the coming changes for every policy.');
    const now = notify.clock();
    const plan = await notify.planner.plan(now);
    return { card: renderCard('notify-dst-changes', dstChangesViewModel(plan, now)) };
  },
};

export interface DstChangesViewModel {
  any: boolean;
  changes: Array<{ heading: string; detail: string }>;
  unaffected: string;
  problems: Array<{ text: string }>;
  more: string;
}

const MAX_CHANGES = 25;

/** An hourly policy's window is moved in the Azure portal; the bot (and its reminder button) moves daily and weekly run times only. */
function keepText(frequency: string, keep: string): string {
  if (frequency === 'Hourly') return `To keep the local time, move the window start to ${keep} in the Azure portal (the bot moves only daily and weekly run times).`;
  return `To keep the local time, set the policy to ${keep}.`;
}

export function dstChangesViewModel(plan: DstPlan, now: Date): DstChangesViewModel {
  const changes = plan.changes.slice(0, MAX_CHANGES).map(({ policy, effect }) => {
    const at = DateTime.fromISO(effect.transition.at, { zone: effect.ianaZone });
    const days = Math.ceil(at.diff(DateTime.fromJSDate(now), 'days').days);
    const runs = effect.runs.map((run) => `${run.localBefore} local (${run.utcTime} UTC) becomes ${run.localAfter} local`).join('; ');
    const keep = effect.keepLocal.runTimes.join(', ');
    return {
      heading: `**${policy.name}** (${policy.vault.name}): ${at.toFormat('ccc d LLL yyyy')}, in ${days} day${days === 1 ? '' : 's'}, ${effect.timeZone} ${effect.transition.offsetBefore} to ${effect.transition.offsetAfter}`,
      detail: `${runs}. ${keepText(policy.frequency, keep)} ${policy.vms.length === 0 ? 'No VM uses it.' : `${plural(policy.vms.length, 'VM')} use${policy.vms.length === 1 ? 's' : ''} it.`}`,
    };
  });
  return {
    any: changes.length > 0,
    changes,
    unaffected: plan.unaffected.length === 0 ? '' : `No daylight saving (run time never moves): ${plan.unaffected.join(', ')}.`,
    problems: plan.problems.map((text) => ({ text })),
    more: plan.changes.length > MAX_CHANGES ? `${plan.changes.length - MAX_CHANGES} more policies change; the earliest are shown.` : '',
  };
}
