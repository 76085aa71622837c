import { App } from '@slack/bolt';
import type { ChannelDeps } from '../mount.js';
import { SlackApi } from './api.js';
import type { SlackContext } from './context.js';
import { handleCommand } from './handlers/commands.js';
import { handleMemberJoined } from './handlers/events.js';
import { handleHistoryButton } from './handlers/history.js';
import { handleAgree, handleAgreeSubmit } from './handlers/agree.js';
import { handleAnswer, handleChange, handlePageSubmit, handleReviewSubmit, type ViewAnswer } from './handlers/form.js';
import { ACTIONS, COMMANDS, EVENTS, SLACK_PATH, VIEWS } from './ids.js';
import { slackPort } from './port.js';
import { RestifyReceiver } from './receiver.js';
import { slackLogger } from './slack-logger.js';

export { slackFrameworkRules } from './rules.js';

type Handler = (ctx: SlackContext, body: unknown) => Promise<void>;
type ViewHandler = (ctx: SlackContext, body: unknown) => Promise<ViewAnswer>;

/** Wire names to handlers: slash commands, button action ids, modal callback ids, event types. */
const ROUTES = {
  actions: { [ACTIONS.answer]: handleAnswer, [ACTIONS.change]: handleChange, [ACTIONS.history]: handleHistoryButton, [ACTIONS.agree]: handleAgree } satisfies Record<string, Handler>,
  views: { [VIEWS.page]: handlePageSubmit, [VIEWS.review]: handleReviewSubmit, [VIEWS.agree]: handleAgreeSubmit } satisfies Record<string, ViewHandler>,
  events: { [EVENTS.memberJoined]: handleMemberJoined } satisfies Record<string, Handler>,
};

/**
 * Mounts the Slack channel on `POST /slack/events`: a Bolt app fed by a small receiver on
 * the restify server, and the services' Slack port. Does nothing unless both Slack secrets
 * are set.
 */
export function mountSlack(deps: ChannelDeps): void {
  const slack = deps.config.slack;
  if (!slack) return;
  const log = deps.log.child({ channel: 'slack' });
  const api = new SlackApi({ token: slack.botToken, apiUrl: slack.apiUrl, log });
  const ctx: SlackContext = {
    services: deps.services,
    api,
    t: deps.translator,
    log,
    defaults: { language: deps.config.defaultLanguage, timeZone: deps.config.timeZone },
  };
  const receiver = new RestifyReceiver({ signingSecret: slack.signingSecret, log, now: () => Date.now(), shared: deps.shared });
  const app = new App({
    receiver,
    // One workspace, one token; who the bot is comes from auth.test once, when first needed.
    authorize: async () => {
      const me = await api.whoAmI();
      return { botToken: slack.botToken, botUserId: me.botUserId, ...(me.botId ? { botId: me.botId } : {}) };
    },
    logger: slackLogger(log),
    ...(slack.apiUrl ? { clientOptions: { slackApiUrl: slack.apiUrl.endsWith('/') ? slack.apiUrl : `${slack.apiUrl}/` } } : {}),
  });

  for (const command of Object.values(COMMANDS)) {
    app.command(command, async ({ ack, body, respond }) => {
      await ack();
      await handleCommand(ctx, body, async (reply) => {
        await respond({ response_type: 'ephemeral', text: reply.text, blocks: reply.blocks });
      });
    });
  }
  for (const [actionId, handler] of Object.entries(ROUTES.actions)) {
    app.action(actionId, async ({ ack, body }) => {
      await ack();
      await handler(ctx, body);
    });
  }
  for (const [callbackId, handler] of Object.entries(ROUTES.views)) {
    app.view(callbackId, async ({ ack, body }) => {
      await ack(await handler(ctx, body));
    });
  }
  for (const [type, handler] of Object.entries(ROUTES.events)) {
    app.event(type, async ({ body }) => handler(ctx, body));
  }
  app.error(async (error) => {
    log.error({ err: error }, 'slack handler failed');
  });

  deps.services.deps.channels.set('slack', slackPort(ctx));
  deps.server.post(SLACK_PATH, receiver.handle);
  // Work continued after Slack's acknowledgement must finish before the store closes.
  deps.onClose(() => receiver.stop());
  // Posts still waiting for room give up at once; their claims are picked up on the next start.
  deps.onClose(async () => api.pacer.stop());
}
