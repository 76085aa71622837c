import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { COMMANDS, EVENTS, SLACK_PATH } from '../../src/channels/slack/ids.js';
import { ROOT } from '../../src/paths.js';

const manifest = z.looseObject({
  display_information: z.looseObject({ name: z.string().max(35), description: z.string().max(140), long_description: z.string().min(175).max(4000) }),
  features: z.looseObject({
    bot_user: z.looseObject({ display_name: z.string().max(80) }),
    slash_commands: z.array(z.looseObject({ command: z.string(), url: z.url(), description: z.string().max(2000), usage_hint: z.string().max(1000), should_escape: z.boolean() })),
  }),
  oauth_config: z.looseObject({ scopes: z.looseObject({ bot: z.array(z.string()) }) }),
  settings: z.looseObject({
    event_subscriptions: z.looseObject({ request_url: z.url(), bot_events: z.array(z.string()) }),
    interactivity: z.looseObject({ is_enabled: z.literal(true), request_url: z.url() }),
    socket_mode_enabled: z.literal(false),
  }),
});

describe('the Slack app manifest', () => {
  const text = readFileSync(join(ROOT, 'manifest', 'slack', 'manifest.yml'), 'utf8');
  const m = manifest.parse(parse(text));

  it('is valid YAML in the shape Slack reads', () => {
    expect(m.display_information.name).toBe('asesu');
  });

  it('has /assess and /asesu, escaping mentions so the secretariat command can read them', () => {
    expect(m.features.slash_commands.map((c) => c.command)).toEqual([COMMANDS.en, COMMANDS.cy]);
    expect(m.features.slash_commands.every((c) => c.should_escape)).toBe(true);
  });

  it('sends commands, interactivity and events to /slack/events', () => {
    const urls = [...m.features.slash_commands.map((c) => c.url), m.settings.interactivity.request_url, m.settings.event_subscriptions.request_url];
    expect(urls.every((u) => new URL(u).pathname === SLACK_PATH && new URL(u).protocol === 'https:')).toBe(true);
    expect(m.settings.event_subscriptions.bot_events).toEqual([EVENTS.memberJoined]);
  });

  it('asks only for the bot scopes the channel uses', () => {
    expect([...m.oauth_config.scopes.bot].sort()).toEqual(['channels:read', 'chat:write', 'commands', 'files:write', 'groups:read', 'im:write', 'users:read']);
  });

  it('lists each scope with its reason in the README', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('<!-- slack:start -->'), readme.indexOf('<!-- slack:end -->'));
    for (const scope of m.oauth_config.scopes.bot) expect([scope, section.includes(`\`${scope}\``)]).toEqual([scope, true]);
  });
});
