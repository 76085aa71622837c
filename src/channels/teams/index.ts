import type { ChannelDeps } from '../mount.js';
import { PlatformBusyError } from '../../services/ports.js';
import { createAdapter } from './adapter.js';
import { PendingExports } from './exports.js';
import { mountMessages } from './http.js';
import { TeamsPort } from './port.js';
import { createLogic } from './router.js';
import type { TeamsRuntime } from './runtime.js';

export { teamsFrameworkRules } from './rules.js';

/** Mounts the Teams channel on `POST /api/messages` and registers it with the services. */
export function mountTeams(deps: ChannelDeps): void {
  const { config, log } = deps;
  const rt: TeamsRuntime = {
    adapter: createAdapter(config),
    appId: config.teams?.appId ?? '',
    authenticated: config.teams !== undefined,
    services: deps.services,
    translator: deps.translator,
    log,
    exports: new PendingExports(deps.shared),
    shared: deps.shared,
    media: deps.media,
    publicUrl: config.publicUrl,
  };
  rt.adapter.onTurnError = async (_context, error) => {
    // Teams only asked for patience: whoever made the call waits or comes back later, and says so.
    if (!(error instanceof PlatformBusyError)) log.error({ err: error }, 'Teams turn failed');
    throw error;
  };
  const port = new TeamsPort(rt);
  // Posts still waiting for room give up at once; their claims are picked up on the next start.
  deps.onClose(async () => port.pacer.stop());
  deps.services.deps.channels.set('teams', port);
  mountMessages(deps.server, rt, createLogic(rt, port));
  if (config.teams) log.info({ appId: config.teams.appId, appType: config.teams.appType }, 'Teams: every request to /api/messages must carry a valid Bot Framework token');
  else log.warn({ host: config.host }, 'Teams LOCAL MODE: /api/messages accepts requests without any token. For trying asesu out only; set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD before exposing it.');
}

