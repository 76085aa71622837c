import { ConfigError, loadConfig } from '../../src/config.js';

describe('configuration', () => {
  it('has sensible defaults: local Teams mode, Slack off, ./data, bilingual, Europe/London', () => {
    const config = loadConfig({}, '/srv/asesu');
    expect(config).toMatchObject({ port: 3978, host: '127.0.0.1', teams: undefined, teamsLocal: true, slack: undefined, defaultLanguage: 'cy+en', timeZone: 'Europe/London', logLevel: 'info' });
    expect(config.dataDir).toBe('/srv/asesu/data');
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT: must be a port number from 0 to 65535'],
    [{ PORT: '70000' }, 'PORT: must be a port number from 0 to 65535'],
    [{ DEFAULT_LANGUAGE: 'fr' }, 'DEFAULT_LANGUAGE: must be one of cy, en, cy+en'],
    [{ TIME_ZONE: 'Mars/Olympus' }, 'TIME_ZONE: an IANA time zone such as Europe/London'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent'],
    [{ MICROSOFT_APP_ID: 'abc' }, 'MICROSOFT_APP_PASSWORD: required when MICROSOFT_APP_ID is set'],
    [{ MICROSOFT_APP_TYPE: 'Anybody' }, 'MICROSOFT_APP_TYPE: must be one of MultiTenant, SingleTenant, UserAssignedMSI'],
    [{ SLACK_SIGNING_SECRET: 's' }, 'SLACK_BOT_TOKEN: set both Slack secrets, or neither to run without Slack'],
    [{ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'abc' }, 'SLACK_BOT_TOKEN: a bot token starting with xoxb-'],
    [{ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_API_URL: 'not a url' }, 'SLACK_API_URL: must be an http(s) URL'],
    [{ TEAMS_LOCAL_MODE: 'yes' }, 'TEAMS_LOCAL_MODE: must be one of true, false'],
    [{ MICROSOFT_APP_ID: 'id', MICROSOFT_APP_PASSWORD: 'pw', TEAMS_LOCAL_MODE: 'true' }, 'TEAMS_LOCAL_MODE: cannot be true when MICROSOFT_APP_ID is set: with an app id every request is authenticated'],
  ])('refuses %j with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(new ConfigError(message));
  });

  it('turns Teams authentication and Slack on when their secrets are set', () => {
    const config = loadConfig({ MICROSOFT_APP_ID: 'id', MICROSOFT_APP_PASSWORD: 'pw', SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_API_URL: 'http://127.0.0.1:9/api/' });
    expect(config.teams).toEqual({ appId: 'id', appPassword: 'pw', tenantId: undefined, appType: 'MultiTenant' });
    expect(config.slack).toEqual({ signingSecret: 's', botToken: 'xoxb-1', apiUrl: 'http://127.0.0.1:9/api/' });
  });

  // Unauthenticated Teams is a person's choice for trying asesu out, never what a deployment gets by default.
  it.each([
    ['nothing set: a try-out on loopback', {}, '127.0.0.1', true],
    ['Slack only: a deployment on every interface', { SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1' }, '0.0.0.0', false],
    ['Slack only, on loopback', { SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1', HOST: '127.0.0.1' }, '127.0.0.1', true],
    ['nothing set, on every interface', { HOST: '0.0.0.0' }, '0.0.0.0', false],
    ['nothing set, on IPv6 loopback', { HOST: '::1' }, '::1', true],
    ['chosen on every interface', { HOST: '0.0.0.0', TEAMS_LOCAL_MODE: 'true' }, '0.0.0.0', true],
    ['refused on loopback', { TEAMS_LOCAL_MODE: 'false' }, '127.0.0.1', false],
    ['an app id', { MICROSOFT_APP_ID: 'id', MICROSOFT_APP_PASSWORD: 'pw', HOST: '127.0.0.1' }, '127.0.0.1', false],
  ])('Teams local mode, %s', (_name, env, host, local) => {
    const config = loadConfig(env);
    expect(config.host).toBe(host);
    expect(config.teamsLocal).toBe(local);
  });
});
