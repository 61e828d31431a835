import { TeamsInfo, type TeamsChannelAccount, type TurnContext } from 'botbuilder';
import type { TurnRoster } from '../bot/chatTypes';

/**
 * One member of a Teams team, read from the roster with the turn's connector credentials.
 * Kept in the Teams boundary (issue 12) so role resolution does not import botbuilder at runtime.
 * Throws as TeamsInfo does (not a member, no roster access, Teams unavailable).
 */
export function getTeamMember(turn: TurnContext, teamId: string, aadObjectId: string): Promise<TeamsChannelAccount> {
  return TeamsInfo.getTeamMember(turn, teamId, aadObjectId);
}

/** The roster questions role resolution may ask during this turn, without handing it the turn. */
export function rosterOf(turn: TurnContext): TurnRoster {
  const fromId = turn.activity.from?.id;
  return {
    senderTeamsId: typeof fromId === 'string' && fromId !== '' ? fromId : undefined,
    memberRole: async (teamId, aadObjectId) => (await getTeamMember(turn, teamId, aadObjectId))?.userRole,
  };
}
