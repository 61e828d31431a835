import { MessageFactory } from 'botbuilder';
import type { BotFrameworkAuthentication } from 'botframework-connector';
import type { Config } from '../config';
import { errorFacts, type Logger } from '../logger';
import { errorCard } from '../bot/cards';
import { describeFailure } from '../bot/describeFailure';
import { createChannelAuthentication } from './channelAuth';
import { ChannelAdapter } from './channelAdapter';

/**
 * CloudAdapter with Bot Framework authentication. With no app id configured the channel is
 * anonymous (local Playground, tests); with an app id every request must carry a valid JWT
 * (checked by the HTTP endpoint with the same `auth`, see src/teams/activityEndpoint.ts).
 */
export function createAdapter(config: Config, logger: Logger, auth: BotFrameworkAuthentication = createChannelAuthentication(config)): ChannelAdapter {
  const adapter = new ChannelAdapter(auth);
  adapter.onTurnError = async (context, err) => {
    const sentence = describeFailure(err, logger, { activityType: context.activity.type });
    if (context.activity.type === 'message') {
      try {
        await context.sendActivity(MessageFactory.attachment(errorCard(sentence)));
      } catch (sendErr) {
        logger.error(errorFacts(sendErr), 'could not tell the user about a failure');
      }
    }
  };
  return adapter;
}
