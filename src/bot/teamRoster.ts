import { TeamsInfo, type TeamsChannelAccount, type TurnContext } from 'botbuilder';

/**
 * One member of a Teams team, read from the roster with the turn's connector credentials.
 * Kept in the Teams boundary (issue 12) so role resolution does not import botbuilder at runtime.
 * Throws as TeamsInfo does (not a member, no roster access, Teams unavailable).
 */
export function getTeamMember(turn: TurnContext, teamId: string, aadObjectId: string): Promise<TeamsChannelAccount> {
  return TeamsInfo.getTeamMember(turn, teamId, aadObjectId);
}
