import { AuthenticationConstants, type BotFrameworkAuthentication } from 'botframework-connector';
import { CallerIdConstants, ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import type { Config } from '../config';

/**
 * How the bot checks who is calling it (Bot Framework JWTs on every POST when an app id is set)
 * and gets tokens to call the connector. One instance serves the adapter and the HTTP endpoint,
 * which authenticates before the adapter runs so that every failure can be a bare 401.
 *
 * `openIdMetadataUrl` replaces login.botframework.com's signing keys (tests stand up their own
 * keys to sign expired, mis-addressed or otherwise forged tokens); the rest stays the public cloud.
 */
export function createChannelAuthentication(config: Config, overrides: { openIdMetadataUrl?: string } = {}): BotFrameworkAuthentication {
  const options: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: config.bot.appId,
    MicrosoftAppPassword: config.bot.appPassword,
    MicrosoftAppType: config.bot.appType,
    MicrosoftAppTenantId: config.bot.tenantId,
  };
  if (overrides.openIdMetadataUrl) {
    // Setting one endpoint makes botbuilder expect all of them (BotFrameworkAuthenticationFactory).
    Object.assign(options, {
      ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
      ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
      ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
      OAuthUrl: AuthenticationConstants.OAuthUrl,
      ToBotFromChannelOpenIdMetadataUrl: overrides.openIdMetadataUrl,
      ToBotFromEmulatorOpenIdMetadataUrl: overrides.openIdMetadataUrl,
      CallerId: CallerIdConstants.PublicAzureChannel,
    });
  }
  return new ConfigurationBotFrameworkAuthentication(options);
}
