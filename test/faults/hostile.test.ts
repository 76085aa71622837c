import { mkdtemp, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { slackFrameworkRules } from '../../src/channels/slack/index.js';
import { ACTIONS, BLOCKS, COMMANDS, SLACK_PATH, VIEWS } from '../../src/channels/slack/ids.js';
import { INPUT, VERB } from '../../src/channels/teams/actions.js';
import { FrameworkRegistry } from '../../src/services/frameworks.js';
import type { StoredView } from '../fakes/slack-api.js';
import { readable, SECRET, trigger } from '../slack/support.js';
import { startTestApp } from '../support/app.js';
import { BOT, CHANNEL, dialogCard, forgedToken, TeamsClient, textsOf, user } from '../teams/client.js';
import { slackMember, slackValues, snapshot, spat, teamsMember, teamsPageData, TwoPlatforms } from './support.js';

/**
 * Hostile input, table-driven, across both platforms and the framework loader. Each case
 * gets its documented refusal, and the stored data is byte-for-byte what it was before
 * (every partnership file's hash compared before and after).
 */

interface Outcome {
  status: number;
  /** What the sender reads: the dialog or modal text, the reply, or the error body. */
  text: string;
}

type Case = [name: string, send: () => Promise<Outcome>, expected: { status: number; text?: string | RegExp }];

const both = new TwoPlatforms();
const partner = teamsMember(0);
const welshPartner = teamsMember(1);
const closedChat = { id: '19:closed-round@thread.v2', conversationType: 'groupChat', isGroup: true };
let closedRound = '';
let slackView: StoredView;

async function teamsRaw(body: string | Buffer, contentType = 'application/json', headers: Record<string, string> = {}): Promise<Outcome> {
  const res = await fetch(`${both.bed.app.url}/api/messages`, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body });
  return { status: res.status, text: await res.text() };
}

/** An invoke, with the invoke response's body as it came back. */
async function teamsInvokeRaw(name: string, value: unknown): Promise<Outcome> {
  const res = await both.teams.send(both.teams.activity(partner, { type: 'invoke', name, value }, 'card'));
  return { status: res.status, text: JSON.stringify(res.body) };
}

/** A small gzip body that would inflate to several megabytes of JSON. */
function gzipBomb(): Buffer {
  return gzipSync(Buffer.from(`{"type":"message","text":"${'a'.repeat(8 * 1024 * 1024)}"}`));
}

async function teamsSubmit(by: typeof partner, data: unknown): Promise<Outcome> {
  const res = await both.teams.send(both.teams.activity(by, { type: 'invoke', name: 'task/submit', value: { data, context: { theme: 'default' } } }, 'card'));
  return { status: res.status, text: textsOf(dialogCard(res.body)).join('\n') };
}

async function teamsInvoke(name: string, value: unknown): Promise<Outcome> {
  const res = await both.teams.send(both.teams.activity(partner, { type: 'invoke', name, value }, 'card'));
  return { status: res.status, text: textsOf(dialogCard(res.body)).join('\n') };
}

/** A command typed in the channel; the answer is the newest message the bot sent anywhere. */
async function teamsSay(by: typeof partner, text: string): Promise<Outcome> {
  const before = both.connector.calls.length;
  const res = await both.teams.say(by, text);
  const sent = both.connector.calls.slice(before).filter((c) => c.method !== 'create');
  return { status: res.status, text: sent.map((c) => (typeof c.body.text === 'string' ? c.body.text : textsOf(c.body.attachments).join('\n'))).join('\n') };
}

async function slackRaw(body: string, contentType: string, headers: Record<string, string> = {}, signing: { secret?: string; timestamp?: number } = {}): Promise<Outcome> {
  const res = await both.bed.post(body, contentType, { ...signing, headers });
  return { status: res.status, text: res.body };
}

async function slackCommand(userId: string, text: string): Promise<Outcome> {
  const command = both.bed.command(userId, text);
  const res = await command.send();
  const reply = await both.bed.slack.waitFor('response_url', (a) => a.url === new URL(command.fields.response_url).pathname);
  return { status: res.status, text: readable(reply.args.blocks) };
}

/** Submits the member's open page with the given values, or with its metadata replaced. */
async function slackSubmit(values: Record<string, Record<string, unknown>>, metadata?: string): Promise<Outcome> {
  const view = metadata === undefined ? slackView : { ...slackView, view: { ...slackView.view, private_metadata: metadata } };
  const res = await both.bed.submitView(slackMember(0), view, values);
  const body = res.json() as { response_action?: string; errors?: Record<string, string>; view?: { blocks?: unknown } };
  return { status: res.status, text: body.errors ? Object.values(body.errors).join('\n') : readable(body.view?.blocks) };
}

/** A page submitted by someone else (or from another workspace), with the view's own metadata. */
async function slackSubmitAs(userId: string, values: Record<string, Record<string, unknown>>, team?: string): Promise<Outcome> {
  const res = await both.bed.interaction({
    type: 'view_submission',
    team: { id: team ?? both.bed.slack.teamId, domain: 'elsewhere' },
    user: { id: userId, team_id: team ?? both.bed.slack.teamId },
    api_app_id: 'A0ASESU',
    trigger_id: trigger(),
    view: { ...slackView.view, id: slackView.id, hash: slackView.hash, state: { values } },
  });
  const body = res.json() as { errors?: Record<string, string>; view?: { blocks?: unknown } };
  return { status: res.status, text: body.errors ? Object.values(body.errors).join('\n') : readable(body.view?.blocks) };
}

async function slackReviewAs(userId: string): Promise<Outcome> {
  const review = { ...slackView, view: { ...slackView.view, callback_id: VIEWS.review } };
  const res = await both.bed.submitView(userId, review, {});
  const body = res.json() as { view?: { blocks?: unknown } };
  return { status: res.status, text: readable(body.view?.blocks) };
}

/** The Answer button clicked where Slack names no channel (the payload has none). */
async function slackClickWithoutChannel(userId: string): Promise<Outcome> {
  const t = trigger();
  const res = await both.bed.interaction({
    type: 'block_actions',
    user: { id: userId, team_id: both.bed.slack.teamId },
    api_app_id: 'A0ASESU',
    trigger_id: t,
    team: { id: both.bed.slack.teamId, domain: 'asesu-test' },
    actions: [{ action_id: ACTIONS.answer, block_id: 'b1', value: both.slackAnswer, type: 'button', action_ts: '1.2' }],
  });
  const opened = await both.bed.slack.viewOpenedBy(t);
  return { status: res.status, text: readable(opened.view.blocks) };
}

async function slackChangeAs(userId: string): Promise<Outcome> {
  const before = both.bed.slack.callsTo('views.update').length;
  const res = await both.bed.clickViewButton(userId, slackView, ACTIONS.change, '0');
  await both.bed.slack.waitFor('views.update', () => both.bed.slack.callsTo('views.update').length > before);
  const update = both.bed.slack.callsTo('views.update')[before]!;
  return { status: res.status, text: readable((update.args.view as { blocks?: unknown }).blocks) };
}

function withComment(comment: string): Record<string, Record<string, unknown>> {
  return slackValues(slackView, '4', comment);
}

function withAnswer(value: string): Record<string, Record<string, unknown>> {
  return slackValues(slackView, value);
}

async function loadFramework(json: string, rules = false): Promise<Outcome> {
  const dir = await mkdtemp(join(tmpdir(), 'asesu-hostile-fw-'));
  const file = join(dir, 'hostile.json');
  await writeFile(file, json);
  try {
    new FrameworkRegistry(rules ? slackFrameworkRules : []).load(file);
    return { status: 200, text: 'loaded' };
  } catch (error) {
    return { status: 422, text: (error as Error).message };
  }
}

const framework = (change: (f: Record<string, unknown>) => void) => {
  const f = JSON.parse(JSON.stringify(spat)) as Record<string, unknown>;
  change(f);
  return JSON.stringify(f);
};
const firstCharacteristic = (f: Record<string, unknown>) => (f.characteristics as Record<string, unknown>[])[0]!;

const page = (extra: Record<string, unknown> = {}) => teamsPageData(both.teamsRound, 0, '4', extra);
const statementInputs = spat.characteristics[0]!.statements.map((s) => `${INPUT.answerPrefix}${s.id}`);
const NOT_READ = "Sorry, that request couldn't be read. Nothing was changed.";
const NOT_MEMBER = "Only members of the partnership's channel can answer its review rounds. Nothing was saved.";
/** A person in the workspace, but not in the partnership's channel. */
const OUTSIDER = 'UOUTSIDER';
const CHECK = 'Please check the answers marked below.';

const cases: Case[] = [
  // Teams: the body itself
  ['Teams: malformed JSON', () => teamsRaw('{"type": "message", '), { status: 400 }],
  ['Teams: a JSON array', () => teamsRaw('[]'), { status: 400, text: /bad_activity/ }],
  ['Teams: a JSON string', () => teamsRaw('"hello"'), { status: 400 }],
  ['Teams: the type is a number', () => teamsRaw(JSON.stringify({ ...both.teams.activity(partner, { type: 7 }) })), { status: 400, text: /bad_activity/ }],
  ['Teams: no conversation', () => teamsRaw(JSON.stringify({ ...both.teams.activity(partner, { type: 'message', text: 'help' }), conversation: undefined })), { status: 400, text: /bad_activity/ }],
  ['Teams: no sender', () => teamsRaw(JSON.stringify({ ...both.teams.activity(partner, { type: 'message', text: 'help' }), from: undefined })), { status: 400, text: /bad_activity/ }],
  ['Teams: a script as the service URL', () => teamsRaw(JSON.stringify({ ...both.teams.activity(partner, { type: 'message', text: 'help' }), serviceUrl: 'javascript:alert(1)' })), { status: 400, text: /bad_activity/ }],
  ['Teams: a body over 256 KB', () => teamsRaw(JSON.stringify({ ...both.teams.activity(partner, { type: 'message' }), text: 'x'.repeat(300_000) })), { status: 413 }],
  ['Teams: message text over the limit', () => teamsRaw(JSON.stringify(both.teams.activity(partner, { type: 'message', text: 'x'.repeat(30_000) }))), { status: 400, text: /bad_activity/ }],
  // A page in someone's browser can post a form or text/plain without asking; only JSON is read.
  ['Teams: a form-encoded activity', () => teamsRaw(new URLSearchParams({ type: 'message', text: 'start' }).toString(), 'application/x-www-form-urlencoded'), { status: 415, text: /unsupported_media_type/ }],
  ['Teams: JSON sent as text/plain', () => teamsRaw(JSON.stringify(both.teams.activity(partner, { type: 'message', text: 'start' })), 'text/plain'), { status: 415, text: /unsupported_media_type/ }],
  ['Teams: no content type', () => teamsRaw(Buffer.from(JSON.stringify(both.teams.activity(partner, { type: 'message', text: 'start' }))), ''), { status: 415 }],
  ['Teams: a gzip body', () => teamsRaw(gzipBomb(), 'application/json', { 'content-encoding': 'gzip' }), { status: 415, text: /unsupported_encoding/ }],
  ['Teams: a deflate body', () => teamsRaw(gzipBomb(), 'application/json', { 'content-encoding': 'deflate' }), { status: 415 }],
  // Teams: dialog pages
  ['Teams: a value off the scale', () => teamsSubmit(partner, page({ [statementInputs[0]!]: '9' })), { status: 200, text: 'Please choose one of the answers shown.' }],
  ['Teams: a value of the wrong type', () => teamsSubmit(partner, page({ [statementInputs[0]!]: 4 })), { status: 200, text: 'Please choose one of the answers shown.' }],
  ['Teams: a statement left out', () => teamsSubmit(partner, page({ [statementInputs[1]!]: undefined })), { status: 200, text: 'Please choose an answer.' }],
  ['Teams: an empty answer', () => teamsSubmit(partner, page({ [statementInputs[2]!]: '' })), { status: 200, text: 'Please choose an answer.' }],
  ['Teams: a negative value', () => teamsSubmit(partner, page({ [statementInputs[0]!]: '-1' })), { status: 200, text: 'Please choose one of the answers shown.' }],
  ['Teams: an unknown round id', () => teamsSubmit(partner, page({ roundId: 'ffffffffffffffff' })), { status: 200, text: "That review round doesn't belong to this partnership." }],
  ["Teams: another partnership's round id", () => teamsSubmit(partner, page({ roundId: slackRoundId() })), { status: 200, text: "That review round doesn't belong to this partnership." }],
  ['Teams: a round id with markup in it', () => teamsSubmit(partner, page({ roundId: '<script>alert(1)</script>' })), { status: 200, text: NOT_READ }],
  ['Teams: a closed round', () => closedChatSubmit(), { status: 200, text: 'This review round has closed, so answers can no longer be changed.' }],
  ['Teams: an unknown section', () => teamsSubmit(partner, page({ characteristicId: 'not-a-section' })), { status: 200, text: NOT_READ }],
  ['Teams: a page number out of range', () => teamsSubmit(partner, page({ page: 99 })), { status: 200, text: NOT_READ }],
  ['Teams: no verb', () => teamsSubmit(partner, page({ verb: undefined })), { status: 200, text: NOT_READ }],
  ['Teams: an unknown verb', () => teamsSubmit(partner, page({ verb: 'delete' })), { status: 200, text: NOT_READ }],
  ['Teams: data that is not an object', () => teamsSubmit(partner, 'save everything'), { status: 200, text: NOT_READ }],
  ['Teams: a comment over 1,000 characters', () => teamsSubmit(partner, page({ [INPUT.comment]: 'x'.repeat(1_001) })), { status: 200, text: 'Comments can be up to 1,000 characters.' }],
  ['Teams: control characters in a comment', () => teamsSubmit(partner, page({ [INPUT.comment]: 'ring \u0007 the bell' })), { status: 200, text: "Your comment contains characters that can't be shown. Please remove them." }],
  ['Teams: a right-to-left override in a comment', () => teamsSubmit(partner, page({ [INPUT.comment]: 'invoice \u202Egpj.exe' })), { status: 200, text: "Your comment contains characters that can't be shown." }],
  ['Teams: an unknown partner group', () => teamsSubmit(partner, page({ [INPUT.group]: 'g99' })), { status: 200, text: CHECK }],
  ['Teams: __proto__ as an answer', () => teamsSubmit(partner, page({ [`${INPUT.answerPrefix}__proto__`]: '4' })), { status: 200, text: CHECK }],
  ['Teams: constructor as an answer', () => teamsSubmit(partner, page({ [`${INPUT.answerPrefix}constructor`]: '4' })), { status: 200, text: CHECK }],
  ['Teams: __proto__ and constructor keys in the data', () => teamsSubmit(partner, JSON.parse('{"__proto__": {"verb": "save", "polluted": true}, "constructor": {"prototype": {"polluted": true}}}')), { status: 200, text: NOT_READ }],
  ['Teams: the answer button without a round', () => teamsInvoke('task/fetch', { data: { verb: VERB.answer } }), { status: 200, text: NOT_READ }],
  ['Teams: the Welsh member gets the refusal in Welsh', () => teamsSubmit(welshPartner, page({ roundId: 'ffffffffffffffff' })), { status: 200, text: "Dydy'r cylch adolygu hwnnw ddim yn perthyn i'r bartneriaeth hon." }],
  // Teams: commands
  ['Teams: markdown link as a language', () => teamsSay(partner, 'language [cy](http://evil.example)'), { status: 200, text: 'Type @asesu language cy, @asesu language en or @asesu language cy+en.' }],
  ['Teams: a duration beyond 90 days', () => teamsSay(both.secretary, 'start 999d'), { status: 200, text: 'A round can last from 5 minutes to 90 days.' }],
  ['Teams: an unknown word', () => teamsSay(partner, 'drop table partnerships'), { status: 200, text: 'I don\'t know "drop". Type @asesu help to see what you can do.' }],
  ['Teams: a partner closing the round', () => teamsSay(partner, 'close'), { status: 200, text: /Only the partnership's secretariat can do that/ }],
  ['Teams: a partner adding themself to the secretariat', () => teamsSay(partner, 'secretariat add'), { status: 200, text: /Only the partnership's secretariat can do that/ }],
  // An invoke no handler takes: a well-formed refusal (Universal Actions' error shape), never a 5xx.
  ['Teams: a card action with an unknown verb', () => teamsInvokeRaw('adaptiveCard/action', { action: { type: 'Action.Execute', verb: 'drop' } }), { status: 400, text: /"statusCode":400,"type":"application\/vnd\.microsoft\.error","value":\{"code":"NotSupported","message":"That action isn't available\. Nothing was changed\."/ }],
  ['Teams: an unknown invoke name', () => teamsInvokeRaw('composeExtension/query', { commandId: 'search' }), { status: 400, text: /"code":"BadRequest"/ }],
  ['Teams: an unknown invoke from a Welsh member', () => teamsUnknownInWelsh(), { status: 400, text: /Dydy'r weithred honno ddim ar gael/ }],
  // Slack: requests that are not Slack's
  ['Slack: a forged signature', () => slackRaw(new URLSearchParams({ command: COMMANDS.en, text: 'close' }).toString(), 'application/x-www-form-urlencoded', {}, { secret: 'guessed' }), { status: 401 }],
  ['Slack: a stale timestamp', () => slackRaw(new URLSearchParams({ command: COMMANDS.en, text: 'close' }).toString(), 'application/x-www-form-urlencoded', {}, { timestamp: Math.floor(Date.now() / 1000) - 301 }), { status: 401 }],
  ['Slack: a timestamp from the future', () => slackRaw('{}', 'application/json', {}, { timestamp: Math.floor(Date.now() / 1000) + 600 }), { status: 401 }],
  ['Slack: no signature at all', () => unsignedSlack('{"type":"url_verification","challenge":"x"}'), { status: 401 }],
  ['Slack: a gzip body', () => slackRaw(gzipBomb().toString('latin1'), 'application/json', { 'content-encoding': 'gzip' }), { status: 415, text: /unsupported_encoding/ }],
  ['Slack: a body over 256 KB', () => slackRaw('x'.repeat(300_000), 'application/json'), { status: 413 }],
  ['Slack: signed garbage', () => slackRaw('\u0000\u0001garbage', 'application/json'), { status: 400 }],
  ['Slack: a payload that is not JSON', () => slackRaw(new URLSearchParams({ payload: '{not json' }).toString(), 'application/x-www-form-urlencoded'), { status: 400 }],
  ['Slack: an unknown payload type', () => slackRaw(new URLSearchParams({ payload: JSON.stringify({ type: 'dialog_submission' }) }).toString(), 'application/x-www-form-urlencoded'), { status: 400 }],
  // Slack: modal pages
  ['Slack: a value off the scale', () => slackSubmit(withAnswer('9')), { status: 200, text: /Please choose one of the answers shown\./ }],
  ['Slack: a statement left out', () => slackSubmit({ ...withAnswer('4'), [Object.keys(withAnswer('4'))[0]!]: {} }), { status: 200, text: /Please choose an answer\./ }],
  ['Slack: __proto__ as a statement', () => slackSubmit({ ...withAnswer('4'), [`${BLOCKS.statementPrefix}__proto__`]: withAnswer('4')[Object.keys(withAnswer('4'))[0]!]! }), { status: 200, text: CHECK }],
  ['Slack: a comment over 1,000 characters', () => slackSubmit(withComment('y'.repeat(1_001))), { status: 200, text: 'Comments can be up to 1,000 characters.' }],
  ['Slack: control characters in a comment', () => slackSubmit(withComment('a\u001b[31mred')), { status: 200, text: "Your comment contains characters that can't be shown. Please remove them." }],
  ['Slack: a right-to-left override in a comment', () => slackSubmit(withComment('\u202Eexe.txt')), { status: 200, text: "Your comment contains characters that can't be shown. Please remove them." }],
  ["Slack: another partnership's round in the metadata", () => slackSubmit(withAnswer('4'), JSON.stringify({ p: both.slackPartnership, r: both.teamsRound, c: 'purpose' })), { status: 200, text: /That review round doesn't belong to this partnership\./ }],
  ['Slack: a Teams partnership in the metadata', () => slackSubmit(withAnswer('4'), JSON.stringify({ p: both.teamsPartnership, r: both.teamsRound, c: 'purpose' })), { status: 200, text: NOT_READ }],
  ['Slack: metadata that is not JSON', () => slackSubmit(withAnswer('4'), 'p=1'), { status: 200, text: NOT_READ }],
  ['Slack: __proto__ in the metadata', () => slackSubmit(withAnswer('4'), '{"__proto__": {"p": "x"}, "p": "slack-0", "r": "x"}'), { status: 200, text: NOT_READ }],
  // Case 11: a payload names a partnership; the person must belong to it (its channel or the round's roster).
  ['Slack: someone outside the channel submits a page naming the partnership', () => slackSubmitAs(OUTSIDER, withAnswer('4')), { status: 200, text: NOT_MEMBER }],
  ['Slack: a page naming a partnership in another workspace', () => slackSubmitAs(slackMember(0), withAnswer('4'), 'T0ELSEWHERE'), { status: 200, text: NOT_MEMBER }],
  ['Slack: someone outside the channel presses Done on a review', () => slackReviewAs(OUTSIDER), { status: 200, text: NOT_MEMBER }],
  ['Slack: an Answer click without a channel, from someone outside it', () => slackClickWithoutChannel(OUTSIDER), { status: 200, text: NOT_MEMBER }],
  ['Slack: a Change click in a modal, from someone outside the channel', () => slackChangeAs(OUTSIDER), { status: 200, text: NOT_MEMBER }],
  ['Slack: a tampered Answer button', () => slackButton(`${'slack-'}zz:<script>`), { status: 200 }],
  // Slack: commands
  ['Slack: a channel ping as a language', () => slackCommand('USEC', 'language <!channel>'), { status: 200, text: 'Teipiwch /assess iaith cy, /assess iaith en neu /assess iaith cy+en.' }],
  ['Slack: a duration beyond 90 days', () => slackCommand('USEC', 'start 91d'), { status: 200, text: 'Gall cylch bara rhwng 5 munud a 90 diwrnod.' }],
  // Mentions are taken out before the words are read: what is left is a partner's "close".
  ['Slack: a mention before a command', () => slackCommand(slackMember(2), '<@U123> close'), { status: 200, text: /Only the partnership's secretariat can do that/ }],
  ['Slack: an unknown word', () => slackCommand(slackMember(2), 'rm -rf'), { status: 200, text: 'I don\'t know "rm". Type /assess help to see what you can do.' }],
  ['Slack: a partner closing the round', () => slackCommand(slackMember(2), 'close'), { status: 200, text: /Only the partnership's secretariat can do that/ }],
  // The framework loader
  ['Framework: not JSON', () => loadFramework('{"id": "x",'), { status: 422, text: /hostile\.json: \(top level\): not valid JSON/ }],
  ['Framework: no scale', () => loadFramework(framework((f) => delete f.scale)), { status: 422, text: /hostile\.json: scale: / }],
  ['Framework: statements of the wrong type', () => loadFramework(framework((f) => (firstCharacteristic(f).statements = 'many'))), { status: 422, text: /hostile\.json: characteristics\[0\]\.statements: / }],
  ['Framework: a __proto__ key', () => loadFramework(framework((f) => Object.defineProperty(f, '__proto__', { value: { polluted: true }, enumerable: true }))), { status: 422, text: /hostile\.json: / }],
  ['Framework: a constructor key in a characteristic', () => loadFramework(framework((f) => Object.assign(firstCharacteristic(f), JSON.parse('{"constructor": {"prototype": {}}}')))), { status: 422, text: /hostile\.json: characteristics\[0\]/ }],
  ['Framework: thirteen characteristics', () => loadFramework(framework((f) => (f.characteristics = Array.from({ length: 13 }, (_, i) => ({ ...firstCharacteristic(f), id: `c${i}`, statements: (firstCharacteristic(f).statements as { id: string }[]).map((s) => ({ ...s, id: `${s.id}-${i}` })) }))))), { status: 422, text: /hostile\.json: characteristics: / }],
  ['Framework: a scale value as text', () => loadFramework(framework((f) => (((f.scale as { options: { value: unknown }[] }).options[0]!.value = '1')))), { status: 422, text: /hostile\.json: scale\.options\[0\]\.value: / }],
  ['Framework: an answer label too long for Slack', () => loadFramework(framework((f) => (((f.scale as { options: { label: { en: string } }[] }).options[0]!.label.en = 'x'.repeat(80)))), true), { status: 422, text: /hostile\.json: scale\.options\[0\]\.label/ }],
];

async function teamsUnknownInWelsh(): Promise<Outcome> {
  const res = await both.teams.send(both.teams.activity(welshPartner, { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'dileu' } } }, 'card'));
  return { status: res.status, text: JSON.stringify(res.body) };
}

function slackRoundId(): string {
  return slackView ? (JSON.parse(String(slackView.view.private_metadata)) as { r: string }).r : 'ffffffffffffffff';
}

async function closedChatSubmit(): Promise<Outcome> {
  const chat = new TeamsClient(both.bed.app.url, both.connector, closedChat);
  const res = await chat.submit(partner, teamsPageData(closedRound, 0, '4'));
  return { status: res.status, text: textsOf(dialogCard(res.body)).join('\n') };
}

async function unsignedSlack(body: string): Promise<Outcome> {
  const res = await fetch(`${both.bed.app.url}${SLACK_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: res.status, text: await res.text() };
}

async function slackButton(value: string): Promise<Outcome> {
  const res = await both.bed.clickMessageButton(slackMember(3), ACTIONS.answer, value);
  return { status: res.status, text: res.body };
}

describe('hostile input', () => {
  beforeAll(async () => {
    await both.start();
    await both.openRounds(4);
    // A group chat whose round has closed, for answers that arrive too late.
    const chat = new TeamsClient(both.bed.app.url, both.connector, closedChat);
    both.connector.members.set(closedChat.id, [both.secretary, partner, BOT].map((p) => ({ id: p.id, name: p.name })));
    await chat.install(both.secretary);
    await chat.say(both.secretary, 'start 5m');
    const p = (await both.bed.app.app.services.get((await import('../../src/services/index.js')).partnershipId('teams', closedChat.id)))!;
    closedRound = p.rounds[0]!.id;
    await chat.say(both.secretary, 'close');
    slackView = await both.slackOpen(slackMember(0));
    both.bed.slack.addUser({ id: OUTSIDER, name: 'outsider', locale: 'en-GB' });
  });
  afterAll(() => both.stop());

  it('has at least 50 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
  });

  it.each(cases)('%s: refused, and nothing stored changes', async (_name, send, expected) => {
    const before = await snapshot(both.dataDir);
    const outcome = await send();
    await both.bed.app.app.services.flush();
    expect(outcome.status).toBe(expected.status);
    if (typeof expected.text === 'string') expect(outcome.text).toContain(expected.text);
    else if (expected.text) expect(outcome.text).toMatch(expected.text);
    expect(await snapshot(both.dataDir)).toEqual(before);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
});

describe('bad tokens in authenticated mode', () => {
  const appId = '00000000-0000-0000-0000-000000000001';
  const token = (value: string | undefined) => async () => {
    const t = await startTestApp({ MICROSOFT_APP_ID: appId, MICROSOFT_APP_PASSWORD: 'not-used-offline' });
    try {
      const teams = new TeamsClient(t.url, { url: 'http://127.0.0.1:9/' } as never);
      const before = await snapshot(t.dataDir);
      const res = await teams.send(teams.activity(user('Mallory'), { type: 'message', text: '<at>asesu</at> start' }), value === undefined ? {} : { authorization: value });
      expect(res.status).toBe(401);
      expect(await snapshot(t.dataDir)).toEqual(before);
      expect(await t.app.services.get((await import('../../src/services/index.js')).partnershipId('teams', CHANNEL))).toBeUndefined();
    } finally {
      await t.stop();
    }
  };
  it('refuses a request with no token', token(undefined));
  it('refuses a request with a token that is not a JWT', token('Bearer not.a.jwt'));
  it('refuses a request with a forged token', token(`Bearer ${forgedToken(appId)}`));
  it('refuses a request with a token for another app', token(`Bearer ${forgedToken('someone-else')}`));
});
