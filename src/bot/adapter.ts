import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  MessageFactory,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { errorCard } from './cards';
import { describeFailure } from './describeFailure';

/**
 * CloudAdapter with Bot Framework authentication. With no app id configured the channel is
 * anonymous (local Playground, tests); with an app id every request must carry a valid JWT.
 */
export function createAdapter(config: Config, logger: Logger): CloudAdapter {
  const authConfig: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: config.bot.appId,
    MicrosoftAppPassword: config.bot.appPassword,
    MicrosoftAppType: config.bot.appType,
    MicrosoftAppTenantId: config.bot.tenantId,
  };
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(authConfig));
  adapter.onTurnError = async (context, err) => {
    const sentence = describeFailure(err, logger, { activityType: context.activity.type });
    if (context.activity.type === 'message') {
      try {
        await context.sendActivity(MessageFactory.attachment(errorCard(sentence)));
      } catch (sendErr) {
        logger.error({ err: sendErr }, 'could not tell the user about a failure');
      }
    }
  };
  return adapter;
}
