import restify, { type Request, type Response } from 'restify';
import { MAX_BODY_BYTES } from '../../http/server.js';
import type { Server } from 'restify';
import { MESSAGES_PATH } from './actions.js';
import { activitySchema } from './activity.js';
import type { Authenticated } from './adapter.js';
import type { TurnLogic } from './router.js';
import type { TeamsRuntime } from './runtime.js';

/**
 * `POST /api/messages`: parses the activity, checks its token (401 before any handler when
 * it is missing, forged or cannot be checked), then runs the turn and answers with the invoke
 * response, if the turn made one.
 */
export function mountMessages(server: Server, rt: TeamsRuntime, logic: TurnLogic): void {
  server.post(
    MESSAGES_PATH,
    restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false, rejectUnknown: true }),
    async (req: Request, res: Response) => {
      const body: unknown = req.body;
      const parsed = activitySchema.safeParse(body);
      if (!parsed.success) {
        rt.log.info({ issues: parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`) }, 'Bot Framework request refused: not an activity');
        res.send(400, { error: 'bad_activity', message: 'The body is not a Bot Framework activity.' });
        return;
      }
      const activity = parsed.data;
      const header = req.headers.authorization ?? '';
      let authenticated: Authenticated;
      try {
        authenticated = await rt.adapter.authenticate(activity, header);
      } catch (error) {
        rt.log.warn({ reason: error instanceof Error ? error.message : String(error), type: activity.type, hasToken: header !== '' }, 'Bot Framework request refused: no valid token');
        res.send(401, { error: 'unauthorized', message: 'A valid Bot Framework token is required.' });
        return;
      }
      const response = await rt.adapter.runTurn(authenticated, activity, (context) => logic(context, activity));
      if (response?.body !== undefined) res.send(response.status, response.body);
      else res.send(response?.status ?? 200);
    },
  );
}
