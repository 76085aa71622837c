import type { Request, Response, Server } from 'restify';
import type { Logger } from '../../log.js';
import { MESSAGES_PATH } from './actions.js';

/**
 * Teams off (no app id, and local mode not chosen): `/api/messages` refuses every request
 * unread, so no unauthenticated activity is handled and no service URL it names is kept.
 */
export function refuseTeams(server: Server, log: Logger): void {
  server.post(MESSAGES_PATH, async (_req: Request, res: Response) => {
    res.send(404, { error: 'teams_off', message: 'Teams is not set up on this service.' });
  });
  log.info('Teams: off (set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD, or TEAMS_LOCAL_MODE=true to try it out on your own machine)');
}
