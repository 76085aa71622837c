import type { Server } from 'restify';
import type { Config } from '../config.js';
import type { Translator } from '../i18n/translator.js';
import type { MediaStore } from '../http/media.js';
import type { Logger } from '../log.js';
import type { Services } from '../services/index.js';
import type { SharedState } from '../store/store.js';

/** What a channel needs to mount itself on the server and serve the partnerships on its platform. */
export interface ChannelDeps {
  server: Server;
  services: Services;
  /** What every instance sharing the store must agree on: deliveries taken, values held between requests. */
  shared: SharedState;
  config: Config;
  log: Logger;
  translator: Translator;
  /** Chart images served to the clients that show them (Teams cards). */
  media: MediaStore;
  /** Registers work to finish when the service stops (before the store closes). */
  onClose(finish: () => Promise<void>): void;
}
