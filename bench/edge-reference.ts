/**
 * The third reference server: the service's HTTP edge with nothing behind it. The same
 * restify server, Bot Framework adapter and route (`/api/messages`, token and activity checks
 * included), and the same Bolt app and receiver (`/slack/events`, signature check included),
 * each answering a member's page with the next page rendered once and kept: no store, no
 * services, no rendering per request. What the service does beyond it is its own work.
 * `node --import tsx bench/edge-reference.ts <signing secret>`
 */
import { App } from '@slack/bolt';
import type { Activity, TurnContext } from 'botbuilder';
import { formView } from '../src/channels/slack/handlers/form.js';
import { SLACK_PATH, VIEWS } from '../src/channels/slack/ids.js';
import { RestifyReceiver } from '../src/channels/slack/receiver.js';
import { memberWording } from '../src/channels/slack/wording.js';
import { createAdapter } from '../src/channels/teams/adapter.js';
import { formDialog } from '../src/channels/teams/dialog.js';
import { mountMessages } from '../src/channels/teams/http.js';
import type { TeamsRuntime } from '../src/channels/teams/runtime.js';
import { formCard, wording } from '../src/channels/teams/views.js';
import { loadConfig } from '../src/config.js';
import { privateLanguage } from '../src/domain/text.js';
import { newPartnership } from '../src/domain/partnership.js';
import { openRound } from '../src/domain/round.js';
import { builtinFrameworks } from '../src/services/frameworks.js';
import type { FormState } from '../src/services/results.js';
import { createHttpServer } from '../src/http/server.js';
import { createTranslator } from '../src/i18n/translator.js';
import { createLogger } from '../src/log.js';
import { LocalSharedState } from '../src/store/local-shared.js';

const signingSecret = process.argv[2] ?? '';
const framework = builtinFrameworks().get('spat')!;
const translator = createTranslator();
const log = createLogger('warn');
const server = createHttpServer({ log, health: async () => ({ status: 'ok', checks: {} }) as never });
const SETTINGS = { language: 'cy+en', timeZone: 'Europe/London' } as const;

/** The form after page `index` was saved, as the services would hand it to a channel. */
function formAt(at: number, platform: 'teams' | 'slack'): FormState {
  const partnership = newPartnership({ id: 'p0000000000', platform, address: {}, now: 0, founder: { id: 'founder' }, settings: SETTINGS });
  const round = openRound({ id: 'r0000000000', number: 5, framework, now: Date.now(), durationMs: 7 * 86_400_000, trigger: 'command', roster: [] });
  return { kind: 'form', partnership, round, framework, response: undefined, at: at < framework.characteristics.length ? at : 'review' } as FormState;
}

/** Each answer's reply, rendered the first time it is asked for. */
const kept = new Map<string, unknown>();
function once<T>(key: string, make: () => T): T {
  if (!kept.has(key)) kept.set(key, make());
  return kept.get(key) as T;
}

/** The page after the one saved: the characteristic's index in the framework, plus one. */
function nextIndex(characteristicId: unknown): number {
  return framework.characteristics.findIndex((c) => c.id === characteristicId) + 1;
}

const teams = {
  adapter: createAdapter(loadConfig({})),
  appId: '',
  authenticated: false,
  log,
} as unknown as TeamsRuntime;
mountMessages(server, teams, async (context: TurnContext, activity: Activity) => {
  const data = (activity.value as { data?: Record<string, unknown> } | undefined)?.data ?? {};
  const next = nextIndex(data.characteristicId);
  const language = privateLanguage(activity.locale, SETTINGS.language);
  const body = once(`teams ${language} ${next}`, () => {
    const w = wording(translator, language, SETTINGS.timeZone);
    const form = formAt(next, 'teams');
    return formDialog(w, form, formCard(w, form));
  });
  await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body } });
});

const receiver = new RestifyReceiver({ signingSecret, log, now: () => Date.now(), shared: new LocalSharedState() });
const app = new App({ receiver, authorize: async () => ({ botToken: 'xoxb-edge', botUserId: 'UEDGE' }) });
app.view(VIEWS.page, async ({ ack, body }) => {
  const meta = JSON.parse(body.view.private_metadata) as { p: string; r: string; c: string };
  const next = nextIndex(meta.c);
  const locale = (body.user as { locale?: string }).locale;
  const view = once(`slack ${locale} ${next}`, () => {
    const w = memberWording(translator, undefined, SETTINGS, locale);
    return { ...formView(w, formAt(next, 'slack')), private_metadata: JSON.stringify({ ...meta, c: framework.characteristics[next]?.id }) };
  });
  await ack({ response_action: 'update', view } as never);
});
server.post(SLACK_PATH, receiver.handle);

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
process.once('SIGTERM', () => {
  server.close();
  process.exit(0);
});
