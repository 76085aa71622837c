/**
 * The Agents Playground shows asesu's cards but has no dialogs, so its Answer button does
 * nothing. This answers the open review round as Teams would, through the dialog invokes, as
 * the Playground's own users, in one of its conversations; the round card, thank-you messages
 * and summary then appear in the Playground as they would in Teams.
 *
 *   npm run playground:answer -- [--in general|personal|group] [--as "Megan Bowen"|everyone] [--answer 1-5|random]
 */
import { parseArgs } from 'node:util';
import { answerForm, type DialogOrigin } from './teams-dialog.js';

const { values } = parseArgs({
  options: {
    in: { type: 'string', default: 'general' },
    as: { type: 'string', default: 'everyone' },
    answer: { type: 'string', default: 'random' },
    bot: { type: 'string', default: 'http://127.0.0.1:3978/api/messages' },
    playground: { type: 'string', default: 'http://127.0.0.1:56150' },
  },
});

interface Person {
  id: string;
  name: string;
}
interface PlaygroundConfig {
  tenantId: string;
  bot: Person;
  currentUser: Person;
  users: Person[];
  personalChat: { id: string };
  groupChats: { id: string; members: string[] }[];
  teams: { id: string; name: string; channels: { id: string; name: string }[]; members: string[] }[];
}

const res = await fetch(`${values.playground}/_internal/v1/config`).catch(() => undefined);
if (!res?.ok) {
  console.error(`The Agents Playground is not answering at ${values.playground}. Start it first (see the README).`);
  process.exit(1);
}
const { config } = (await res.json()) as { config: PlaygroundConfig };
const everyone = [config.currentUser, ...config.users];
const team = config.teams[0]!;
const where = (() => {
  switch (values.in) {
    case 'personal':
      return { conversation: { id: config.personalChat.id, conversationType: 'personal' as const, isGroup: false }, members: [config.currentUser.id] };
    case 'group':
      return { conversation: { id: config.groupChats[0]!.id, conversationType: 'groupChat' as const, isGroup: true }, members: [config.currentUser.id, ...config.groupChats[0]!.members] };
    default: {
      const channel = team.channels.find((c) => c.name.toLowerCase() === values.in.toLowerCase()) ?? team.channels[0]!;
      return { conversation: { id: channel.id, conversationType: 'channel' as const, isGroup: true }, team: { id: team.id, name: team.name }, members: [config.currentUser.id, ...team.members] };
    }
  }
})();
const people = everyone.filter((p) => where.members.includes(p.id) && (values.as === 'everyone' || p.name.toLowerCase() === values.as.toLowerCase()));
if (!people.length) {
  console.error(`Nobody called "${values.as}" is in that conversation. Try one of: ${everyone.map((p) => p.name).join(', ')}.`);
  process.exit(1);
}

const pick = (choices: string[]): string => {
  const scale = choices.filter((c) => /^[0-9]+$/.test(c));
  if (values.answer !== 'random' && scale.includes(values.answer)) return values.answer;
  return scale[Math.floor(Math.random() * scale.length)] ?? choices[0]!;
};

for (const person of people) {
  const origin: DialogOrigin = {
    endpoint: values.bot,
    serviceUrl: `${values.playground}/_connector`,
    tenantId: config.tenantId,
    bot: config.bot,
    conversation: where.conversation,
    ...(where.team ? { team: where.team } : {}),
    from: person,
  };
  const pages = await answerForm(origin, undefined, pick);
  const answered = pages.length > 1;
  console.log(answered ? `${person.name}: answered every page` : `${person.name}: no form was opened. The bot said: ${pages[0] ?? 'nothing'}`);
}
