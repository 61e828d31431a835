import { CloudAdapter, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { AuthenticateRequestResult } from 'botframework-connector';

/**
 * CloudAdapter whose turn can start from an already authenticated request. CloudAdapter.process
 * authenticates and answers the HTTP request itself, quoting botbuilder's internal error text
 * (500 for a bad signature); activityEndpoint.ts authenticates first and answers itself.
 */
export class ChannelAdapter extends CloudAdapter {
  runAuthenticated(auth: AuthenticateRequestResult, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(auth, activity, logic);
  }
}
