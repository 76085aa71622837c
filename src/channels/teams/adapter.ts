import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { Config } from '../../config.js';

export type Authenticated = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;
type Claims = Parameters<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>[0];
type Factory = ReturnType<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>;
type Client = Awaited<ReturnType<Factory['create']>>;
type UserTokens = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['createUserTokenClient']>>;

/** An activity not yet read: no channel and no service URL, so only the token itself is checked. */
const UNREAD = { channelId: '', serviceUrl: '' } as Activity;

/** Clients kept at most: one per app, service URL and audience in practice. */
const KEPT_MAX = 100;

/**
 * botbuilder's authentication, keeping the Bot Connector and user-token clients it makes.
 * botbuilder builds both afresh for every incoming activity and every proactive message (an
 * HTTP pipeline each), though they depend only on the app, the service URL and the audience;
 * that was about 4 % of the service's CPU under load.
 */
class KeptClientsAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly connectors = new Map<string, Promise<Client>>();
  private readonly userTokens = new Map<string, Promise<UserTokens>>();

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<Authenticated> {
    const result = await super.authenticateRequest(activity, authHeader);
    return result.connectorFactory ? { ...result, connectorFactory: this.kept(result.connectorFactory, appIdOf(result.claimsIdentity)) } : result;
  }

  override createConnectorFactory(claims: Claims): Factory {
    return this.kept(super.createConnectorFactory(claims), appIdOf(claims));
  }

  override createUserTokenClient(claims: Claims): Promise<UserTokens> {
    return keep(this.userTokens, appIdOf(claims), () => super.createUserTokenClient(claims));
  }

  private kept(factory: Factory, appId: string): Factory {
    return { create: (serviceUrl, audience) => keep(this.connectors, `${appId} ${serviceUrl} ${audience ?? ''}`, () => factory.create(serviceUrl, audience)) };
  }
}

/** The app a request or proactive message acts as (as botbuilder reads it: the audience, else the app id claim). */
function appIdOf(claims: Claims): string {
  return claims.getClaimValue('aud') ?? claims.getClaimValue('appid') ?? '';
}

/** A kept promise, or a new one; a failed one is not kept. */
function keep<T>(map: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let kept = map.get(key);
  if (!kept) {
    if (map.size >= KEPT_MAX) map.clear();
    kept = make();
    map.set(key, kept);
    kept.catch(() => map.delete(key));
  }
  return kept;
}

/**
 * botbuilder's CloudAdapter, with authentication taken out of the turn so the HTTP route can
 * refuse a request before any handler runs and answer 401 whatever went wrong with the token.
 */
export class TeamsAdapter extends CloudAdapter {
  constructor(readonly auth: ConfigurationBotFrameworkAuthentication) {
    super(auth);
  }

  /**
   * Checks a request's token before its body is read: signature, issuer, audience and expiry.
   * What only the activity can tell (the channel endorsing the key, the service URL claim) is
   * checked by `authenticate` once the body is parsed. Throws when the token is not valid.
   */
  async checkToken(authorization: string): Promise<void> {
    await this.auth.authenticateRequest(UNREAD, authorization);
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
  const auth = new KeptClientsAuthentication(
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
