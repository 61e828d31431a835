import type { Request, Response } from 'restify';
import { z } from 'zod';
import type { Activity, ActivityHandler } from 'botbuilder';
import { AuthenticationError, type AuthenticateRequestResult, type BotFrameworkAuthentication } from 'botframework-connector';
import { errorFacts, type Logger } from '../logger';
import type { ChannelAdapter } from './channelAdapter';

export interface ActivityEndpointOptions {
  adapter: ChannelAdapter;
  auth: BotFrameworkAuthentication;
  bot: ActivityHandler;
  logger: Logger;
}

// What CloudAdapter.process checks, with its date fix-ups (botbuilder's validateAndFixActivity is not exported).
const activitySchema = z
  .looseObject({
    type: z.string().min(1),
    channelId: z.string().optional(),
    serviceUrl: z.string().optional(),
    timestamp: z.string().optional(),
    localTimestamp: z.string().optional(),
    expiration: z.string().optional(),
  })
  .transform((raw) => ({
    ...raw,
    ...(raw.timestamp !== undefined && { rawTimestamp: raw.timestamp, timestamp: new Date(raw.timestamp) }),
    ...(raw.localTimestamp !== undefined && { rawLocalTimestamp: raw.localTimestamp, localTimestamp: new Date(raw.localTimestamp) }),
    ...(raw.expiration !== undefined && { rawExpiration: raw.expiration, expiration: new Date(raw.expiration) }),
  }));

/**
 * POST /api/messages, in three steps so each failure has its own answer: not an activity -> 400;
 * not authenticated -> 401 (whatever the reason: a forged, expired or mis-addressed token, or keys
 * that could not be fetched); the turn itself failing -> 500. No answer carries the reason, which
 * goes to the log. CloudAdapter.process answered 500 with botbuilder's internal message for most
 * forged tokens (a bad signature is not an AuthenticationError) and quoted it on 401s.
 */
export function activityEndpoint(options: ActivityEndpointOptions) {
  return async (req: Request, res: Response): Promise<void> => {
    const parsed = activitySchema.safeParse(req.body);
    if (!parsed.success) {
      res.send(400, { code: 'BadRequest', message: 'The request body is not a Bot Framework activity.' });
      return;
    }
    const activity = parsed.data as unknown as Activity;
    const auth = await authenticate(options, activity, authorizationHeader(req));
    if (!auth) {
      res.send(401, { code: 'Unauthorized', message: 'Unauthorized.' });
      return;
    }
    try {
      const invokeResponse = await options.adapter.runAuthenticated(auth, activity, (context) => options.bot.run(context));
      res.send(invokeResponse?.status ?? 200, invokeResponse?.body);
    } catch (err) {
      options.logger.error({ ...errorFacts(err, { stack: true }), activityType: activity.type }, 'activity processing failed');
      if (!res.headersSent) res.send(500, { code: 'InternalError', message: 'The bot could not handle this activity.' });
    }
  };
}

async function authenticate(options: ActivityEndpointOptions, activity: Activity, header: string): Promise<AuthenticateRequestResult | undefined> {
  try {
    return await options.auth.authenticateRequest(activity, header);
  } catch (err) {
    // A refused token is routine (warn); anything else means the keys could not be checked (error).
    const refused = err instanceof AuthenticationError || (err instanceof Error && /token|jwt|signature/i.test(err.name));
    if (refused) options.logger.warn({ ...errorFacts(err), activityType: activity.type, serviceUrl: activity.serviceUrl }, 'request refused: not authenticated');
    else options.logger.error({ ...errorFacts(err), activityType: activity.type }, 'request refused: the token could not be checked');
    return undefined;
  }
}

function authorizationHeader(req: Request): string {
  const header = req.headers.authorization;
  return typeof header === 'string' ? header : '';
}
