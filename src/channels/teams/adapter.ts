import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { Config } from '../../config.js';

export type Authenticated = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;

/**
 * botbuilder's CloudAdapter, with authentication taken out of the turn so the HTTP route can
 * refuse a request before any handler runs and answer 401 whatever went wrong with the token.
 */
export class TeamsAdapter extends CloudAdapter {
  constructor(readonly auth: ConfigurationBotFrameworkAuthentication) {
    super(auth);
  }

  /** Validates the request's token (local mode accepts any request); throws when it is not valid. */
  authenticate(activity: Activity, authorization: string): Promise<Authenticated> {
    return this.auth.authenticateRequest(activity, authorization);
  }

  /** Runs one turn for an authenticated request and returns the invoke response, if any. */
  runTurn(authenticated: Authenticated, activity: Activity, logic: (turn: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authenticated, activity, logic);
  }
}

/** Local mode (no app id) accepts unauthenticated requests and sends without a token. */
export function createAdapter(config: Config): TeamsAdapter {
  const teams = config.teams;
  const auth = new ConfigurationBotFrameworkAuthentication(
    teams
      ? {
          MicrosoftAppId: teams.appId,
          MicrosoftAppPassword: teams.appPassword ?? '',
          MicrosoftAppTenantId: teams.tenantId ?? '',
          MicrosoftAppType: teams.appType,
        }
      : {},
  );
  return new TeamsAdapter(auth);
}
