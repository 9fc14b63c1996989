import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity, type InvokeResponse, type TurnContext } from "botbuilder";
import type { AuthenticateRequestResult, BotFrameworkAuthentication } from "botframework-connector";
import type { Config } from "../../config";

/**
 * The Bot Framework adapter. With MICROSOFT_APP_ID/PASSWORD/TYPE set, every inbound request must carry a valid
 * Bot Connector JWT and replies authenticate with the app's credentials; with TEAMS_AUTH=off (development) auth is
 * off. Tests inject an authentication pointed at local fakes.
 *
 * Authentication and the turn are two steps here (the SDK's `process` does both and answers any failure of the
 * first that is not its own AuthenticationError, such as a bad signature, with 500 and the library's text).
 */
export class TeamsAdapter extends CloudAdapter {
  constructor(private readonly authentication: BotFrameworkAuthentication) {
    super(authentication);
  }

  /** Checks the request's token; throws on anything but a valid one. */
  authenticate(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.authentication.authenticateRequest(activity, authHeader);
  }

  /** Runs the turn for an authenticated activity; returns the invoke response, if any. */
  run(auth: AuthenticateRequestResult, activity: Activity, logic: (ctx: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(auth, activity, logic);
  }
}

/** What tests inject to point Teams' authentication at local fakes (the SDK's type, named here only). */
export type TeamsAuthentication = BotFrameworkAuthentication;

export function createCloudAdapter(config: Config, auth?: BotFrameworkAuthentication): TeamsAdapter {
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
      undefined,
      undefined,
      undefined,
      // The outbox retries a failed send (backoff, its window, in order per conversation): the SDK's own retries
      // of a 5xx would run on after the outbox's timeout gave up on the attempt, and post the message a second time.
      { retryOptions: { maxRetries: 0 } } as never,
    );
  return new TeamsAdapter(authentication);
}
