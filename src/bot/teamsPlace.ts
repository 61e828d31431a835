// Where in Teams a conversation is (team and channel), read from a Teams activity's channelData
// without botbuilder. In the kit, not in src/teams: notify/ stores it with the conversation.

/** Teams details that the conversation reference does not carry (from the activity's channelData). */
export interface TeamsPlace {
  teamId?: string;
  teamName?: string;
  channelName?: string;
}

/** Team and channel names from a Teams activity's channelData, when present. */
export function teamsPlaceOf(channelData: unknown): TeamsPlace | undefined {
  const data = (channelData ?? {}) as { team?: { id?: unknown; name?: unknown }; channel?: { name?: unknown } };
  const place: TeamsPlace = {
    teamId: typeof data.team?.id === 'string' ? data.team.id : undefined,
    teamName: typeof data.team?.name === 'string' ? data.team.name : undefined,
    channelName: typeof data.channel?.name === 'string' ? data.channel.name : undefined,
  };
  return place.teamId || place.teamName || place.channelName ? place : undefined;
}
