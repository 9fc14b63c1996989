import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from "botbuilder";
import type { BotFrameworkAuthentication } from "botframework-connector";
import type { Config } from "../../config";

/**
 * The Bot Framework adapter. With MICROSOFT_APP_ID/PASSWORD/TYPE set, every inbound request must carry a valid
 * Bot Connector JWT and replies authenticate with the app's credentials; without them (local only) auth is off.
 * Tests inject an authentication pointed at local fakes.
 */
export function createCloudAdapter(config: Config, auth?: BotFrameworkAuthentication): CloudAdapter {
  const authentication =
    auth ??
    new ConfigurationBotFrameworkAuthentication(
      config.teamsAuth
        ? {
            MicrosoftAppId: config.MICROSOFT_APP_ID,
            MicrosoftAppPassword: config.MICROSOFT_APP_PASSWORD,
            MicrosoftAppType: config.MICROSOFT_APP_TYPE,
            MicrosoftAppTenantId: config.MICROSOFT_APP_TENANT_ID,
          }
        : {},
    );
  return new CloudAdapter(authentication);
}
