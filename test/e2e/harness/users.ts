import path from 'node:path';

/** The mock Teams context the e2e tests and the demo use (same ids as in the file). */
export const PLAYGROUND_CONFIG_FILE = path.resolve(__dirname, '..', '..', '..', '.m365agentsplayground.yml');

export interface PlaygroundUser {
  /** Channel account id the Playground uses for this user (from.id). */
  id: string;
  name: string;
  aadObjectId: string;
}

/** The person at the keyboard in the Playground (its `currentUser`): an operator. */
export const ALEX: PlaygroundUser = { id: 'user-id-0', name: 'Alex Wilber', aadObjectId: '00000000-0000-0000-0000-000000000020' };
/** An approver; the Playground has no user switcher, see `PlaygroundPage.actAs`. */
export const MEGAN: PlaygroundUser = { id: 'user-id-1', name: 'Megan Bowen', aadObjectId: '00000000-0000-0000-0000-000000000021' };
/** A viewer (no role configured). */
export const ADELE: PlaygroundUser = { id: 'user-id-2', name: 'Adele Vance', aadObjectId: '00000000-0000-0000-0000-000000000022' };

export const PLAYGROUND_USERS = [ALEX, MEGAN, ADELE];

/** Conversations of .m365agentsplayground.yml, by the name shown in the Playground's left rail. */
export const CONVERSATIONS = {
  personal: 'Personal Chat',
  groupChat: 'Backup on-call',
  general: 'General',
  alertsChannel: 'Backup Alerts',
} as const;

export type ConversationName = (typeof CONVERSATIONS)[keyof typeof CONVERSATIONS];

/** Channels need an @mention of the bot; chats do not. */
export const CHANNELS: readonly string[] = [CONVERSATIONS.general, CONVERSATIONS.alertsChannel];
