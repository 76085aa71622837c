import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'restify';
import { slackFrameworkRules } from './channels/slack/rules.js';
import { refuseTeams } from './channels/teams/off.js';
import { teamsFrameworkRules } from './channels/teams/rules.js';
import { offsetClock } from './clock-offset.js';
import type { Config } from './config.js';
import type { Platform } from './domain/model.js';
import { mountMedia } from './http/media.js';
import { createHttpServer, type HealthReport } from './http/server.js';
import { dueTimesBy } from './scheduler/due.js';
import { Scheduler } from './scheduler/scheduler.js';
import { createTranslator, type Translator } from './i18n/translator.js';
import type { Logger } from './log.js';
import { ROOT } from './paths.js';
import { builtinFrameworks, type FrameworkRegistry } from './services/frameworks.js';
import { createServices, type Services } from './services/index.js';
import { systemClock, type ChannelPort, type Clock } from './services/ports.js';
import { pseudonymiser } from './store/member-key.js';
import { openStore } from './store/open.js';
import type { MediaStore, Store } from './store/store.js';

export const VERSION: string = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

export interface AppOptions {
  clock?: Clock;
  /** Whether the scheduler runs on its own timer (tests drive it with `scheduler.tick()`). */
  schedulerTimer?: boolean;
  frameworks?: FrameworkRegistry;
  /** The shortest time between two updates of one round card. */
  cardIntervalMs?: number;
}

export interface App {
  server: Server;
  services: Services;
  scheduler: Scheduler;
  store: Store;
  /** The chart images Teams cards load. */
  media: MediaStore;
  translator: Translator;
  /** Starts listening (on the configured interface unless told another); resolves with the port. */
  listen(port: number, host?: string): Promise<number>;
  /** Stops accepting requests, finishes the writes under way, and releases the port. */
  close(): Promise<void>;
}

/** The composition root: config → store → services → http (channels mount onto it). */
export async function createApp(config: Config, log: Logger, options: AppOptions = {}): Promise<App> {
  const clock = options.clock ?? (config.clockOffsetFile ? offsetClock(config.clockOffsetFile) : systemClock);
  const { backend, store, shared, memberKey, due, media } = await openStore(config, log, { dueTimes: dueTimesBy(clock) });
  const translator = createTranslator();
  const channels = new Map<Platform, ChannelPort>();
  const services = createServices(
    {
      store,
      channels,
      clock,
      frameworks: options.frameworks ?? builtinFrameworks([...teamsFrameworkRules, ...slackFrameworkRules]),
      pseudonymise: pseudonymiser(memberKey),
      translator,
      log,
      defaults: { language: config.defaultLanguage, timeZone: config.timeZone },
    },
    options.cardIntervalMs === undefined ? {} : { cardIntervalMs: options.cardIntervalMs },
  );
  const health = async (): Promise<HealthReport> => {
    const s = await store.health();
    return { status: s.ok ? 'ok' : 'degraded', version: VERSION, store: backend, ok: s.ok, detail: s.detail };
  };
  const server = createHttpServer({ log, health });
  mountMedia(server, media);
  const closers: (() => Promise<void>)[] = [];
  const channelDeps = { server, services, shared, config, log, translator, media, onClose: (finish: () => Promise<void>) => closers.push(finish) };
  // A platform's SDK is loaded only when that platform is on: botbuilder and Bolt are most of start-up.
  if (config.teams || config.teamsLocal) (await import('./channels/teams/index.js')).mountTeams(channelDeps);
  else refuseTeams(server, log);
  if (config.slack) (await import('./channels/slack/index.js')).mountSlack(channelDeps);
  const scheduler = await Scheduler.start({
    services,
    store,
    clock,
    log,
    due,
    timer: options.schedulerTimer ?? true,
  });

  return {
    server,
    services,
    scheduler,
    store,
    media,
    translator,
    listen: (port, host = config.host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
      }),
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.server.closeIdleConnections();
      await closed;
      await Promise.all(closers.map((finish) => finish()));
      await scheduler.stop();
      await services.flush();
      await store.close();
    },
  };
}
