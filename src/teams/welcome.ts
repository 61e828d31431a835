import { TeamsInfo, type TeamsChannelAccount, type TurnContext } from 'botbuilder';
import type { Services } from '../services';
import { renderCard } from '../bot/cards';
import { CREATE_ONLY_ETAG, isETagConflict, writeItem } from '../store/storeHelpers';
import { errorFacts } from '../logger';

/**
 * The card posted once when the bot is installed in a chat or a team (issue 13.10): what it does,
 * how to start, and who can approve changes. Teams sends both installationUpdate and
 * conversationUpdate (bot added) for one install, so a create-only marker per conversation makes
 * sure the card is posted once, also with several replicas.
 */
export async function welcomeOnce(context: TurnContext, services: Services): Promise<void> {
  const conversationId = context.activity.conversation?.id;
  if (!conversationId) return;
  // One welcome per team (not per channel), and a reply thread is not a new place.
  const teamId = (context.activity.channelData as { team?: { id?: string } } | undefined)?.team?.id;
  const placeId = teamId ?? conversationId.split(';messageid=')[0];
  try {
    await writeItem(services.storage, `welcome/${placeId}`, { at: new Date().toISOString() }, CREATE_ONLY_ETAG);
  } catch (err) {
    if (isETagConflict(err)) return;
    throw err;
  }
  const members = await membersOf(context, services);
  await context.sendActivity({ type: 'message', attachments: [welcomeCard(services, context.activity.conversation?.conversationType, members)] });
}

export function welcomeCard(services: Services, conversationType: string | undefined, members: TeamsChannelAccount[] | undefined) {
  const personal = conversationType === 'personal';
  return renderCard('welcome', {
    place: personal ? 'this chat' : conversationType === 'channel' ? 'this team' : 'this chat',
    features: [
      'lists vaults, VMs, backup jobs and policies, and checks whether a VM is ready for backup;',
      'starts a backup now and follows it on one card until it ends;',
      'protects a VM once an approver other than the requester approves (four eyes);',
      'posts alerts for failed backups, daily or weekly digests, and reminders before daylight-saving changes.',
    ],
    howToAsk: personal ? 'Type a command here, for example:' : 'Mention me (@) with a command, for example:',
    tryFirst: [
      { command: 'help', what: 'every command you can run, with an example' },
      { command: 'vms', what: 'the VMs, whether they are protected and their last backup' },
      { command: 'jobs --status failed', what: 'backups that failed in the last 24 hours' },
      { command: 'whoami', what: 'your role (viewer, operator or approver)' },
    ],
    approvers: approverSentence(services, members),
  });
}

/** Approvers by name where this conversation's roster knows them; the rest counted, never listed by id. */
function approverSentence(services: Services, members: TeamsChannelAccount[] | undefined): string {
  const { approvers, approverTeamId } = services.config.roles;
  const names = approvers
    .map((id) => members?.find((m) => (m.aadObjectId ?? '').toLowerCase() === id)?.name)
    .filter((name): name is string => typeof name === 'string' && name !== '');
  const others = approvers.length - names.length;
  const parts: string[] = [];
  if (names.length > 0) {
    const more = others > 0 ? `; ${others} more approver${others === 1 ? '' : 's'} outside this conversation` : '';
    parts.push(`${names.join(', ')} ${names.length === 1 ? 'approves' : 'approve'} protection and policy changes${more}`);
  } else if (others > 0) {
    parts.push(`${others} approver${others === 1 ? ' is' : 's are'} configured (none of them in this conversation)`);
  }
  if (approverTeamId !== '') parts.push('the owners of the approvers\' team approve too');
  if (parts.length === 0) return 'No approver is configured yet (APPROVERS), so nothing that needs an approval can be done. Ask the bot\'s administrator.';
  return `${capitalise(parts.join('; '))}. Someone other than the requester must approve; type **whoami** to see your own role.`;
}

async function membersOf(context: TurnContext, services: Services): Promise<TeamsChannelAccount[] | undefined> {
  try {
    return (await TeamsInfo.getPagedMembers(context, 500)).members;
  } catch (err) {
    // The roster is a nicety: the card still says how many approvers there are.
    services.logger.debug(errorFacts(err), 'welcome: could not read the conversation roster');
    return undefined;
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
