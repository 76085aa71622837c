import { createApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger } from './log.js';
import { describeStore } from './store/open.js';

/** The line that says what this instance runs with. */
function describe(config: Config, port: number): string {
  const teams = config.teams
    ? `authenticated as app ${config.teams.appId}`
    : config.teamsLocal
      ? 'LOCAL MODE (unauthenticated; for trying it out only)'
      : 'off (set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD to turn it on)';
  const slack = config.slack ? 'on' : 'off (set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN to turn it on)';
  return `asesu listening on port ${port} (${config.host}) · Teams: ${teams} · Slack: ${slack} · data: ${describeStore(config)}`;
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`asesu: configuration: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger(config.logLevel);
  let app: Awaited<ReturnType<typeof createApp>>;
  try {
    app = await createApp(config, log);
  } catch (error) {
    // A store that cannot be opened (database unreachable, a MEMBER_KEY that differs): say so in one line.
    log.fatal({ err: error }, `asesu: could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  const port = await app.listen(config.port);
  log.info({ port, host: config.host, teams: config.teams ? 'authenticated' : config.teamsLocal ? 'local' : 'off', slack: !!config.slack, store: config.database ? 'postgres' : 'lowdb' }, describe(config, port));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: finishing requests and writes under way');
    app.close().then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        log.error({ err: error }, 'stopped with an error');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

await main();
