import type { Logger } from 'pino';
import type { MediaStore } from '../../http/media.js';
import type { Translator } from '../../i18n/translator.js';
import type { Services } from '../../services/index.js';
import type { SharedState } from '../../store/store.js';
import type { TeamsAdapter } from './adapter.js';
import type { PendingExports } from './exports.js';

/** What every part of the Teams channel shares, built once by `mountTeams`. */
export interface TeamsRuntime {
  adapter: TeamsAdapter;
  /** The Microsoft app id; empty in local mode. */
  appId: string;
  authenticated: boolean;
  services: Services;
  translator: Translator;
  log: Logger;
  exports: PendingExports;
  /** Where chart images wait for Teams clients to load them. */
  media: MediaStore;
  /** The service's public https address, for image URLs; undefined sends images inside the card. */
  publicUrl?: string | undefined;
  shared: SharedState;
}
