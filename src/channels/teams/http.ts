import type { Request, Response, Server } from 'restify';
import { MAX_BODY_BYTES, readRawBody } from '../../http/server.js';
import { MESSAGES_PATH } from './actions.js';
import { activitySchema } from './activity.js';
import type { Authenticated } from './adapter.js';
import type { TurnLogic } from './router.js';
import type { TeamsRuntime } from './runtime.js';

/** `application/json`, with or without parameters such as a charset. */
function isJson(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase() === 'application/json';
}

/**
 * `POST /api/messages`, in this order, each step refusing before the next runs: JSON only
 * (415: a browser page cannot post a form here); in authenticated mode a valid Bot Framework
 * token before a byte of the body is read (401); the body, at most 256 KB (413), parsed and
 * checked as an activity (400); the token checked again against the activity (its channel and
 * service URL, 401); then the turn, answered with its invoke response if it made one.
 */
export function mountMessages(server: Server, rt: TeamsRuntime, logic: TurnLogic): void {
  server.post(MESSAGES_PATH, async (req: Request, res: Response) => {
    if (!isJson(req.headers['content-type'])) {
      rt.log.info({ contentType: req.headers['content-type'] }, 'Bot Framework request refused: not JSON');
      res.send(415, { error: 'unsupported_media_type', message: 'Bot Framework activities are sent as application/json.' });
      return;
    }
    const header = req.headers.authorization ?? '';
    const refuse = (error: unknown, type?: string) => {
      rt.log.warn({ reason: error instanceof Error ? error.message : String(error), type, hasToken: header !== '' }, 'Bot Framework request refused: no valid token');
      res.send(401, { error: 'unauthorized', message: 'A valid Bot Framework token is required.' });
    };
    if (rt.authenticated) {
      try {
        await rt.adapter.checkToken(header);
      } catch (error) {
        refuse(error);
        return;
      }
    }
    const raw = await readRawBody(req);
    if (raw === 'tooLarge') {
      res.send(413, { error: 'payload_too_large', message: `Request bodies are limited to ${MAX_BODY_BYTES} bytes.` });
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      rt.log.info('Bot Framework request refused: not JSON');
      res.send(400, { error: 'bad_json', message: 'The body is not valid JSON.' });
      return;
    }
    const parsed = activitySchema.safeParse(body);
    if (!parsed.success) {
      rt.log.info({ issues: parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`) }, 'Bot Framework request refused: not an activity');
      res.send(400, { error: 'bad_activity', message: 'The body is not a Bot Framework activity.' });
      return;
    }
    const activity = parsed.data;
    let authenticated: Authenticated;
    try {
      authenticated = await rt.adapter.authenticate(activity, header);
    } catch (error) {
      refuse(error, activity.type);
      return;
    }
    const response = await rt.adapter.runTurn(authenticated, activity, (context) => logic(context, activity));
    if (response?.body !== undefined) res.send(response.status, response.body);
    else res.send(response?.status ?? 200);
  });
}
