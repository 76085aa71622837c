import { MAX_REQUEST_AGE_MS, signSlackRequest, verifySlackRequest } from '../../src/channels/slack/verify.js';

const secret = 'shh-signing-secret';
const body = 'token=x&team_id=T1&command=%2Fassess&text=start';
const now = Date.UTC(2026, 2, 2, 10, 0);
const ts = Math.floor(now / 1000);

function check(overrides: Partial<Parameters<typeof verifySlackRequest>[0]> = {}) {
  return verifySlackRequest({ signingSecret: secret, rawBody: body, timestamp: String(ts), signature: signSlackRequest(secret, ts, body), nowMs: now, ...overrides });
}

describe('Slack request verification', () => {
  it('accepts a request signed with the signing secret, as raw bytes or text', () => {
    expect(check()).toEqual({ ok: true });
    expect(check({ rawBody: Buffer.from(body) })).toEqual({ ok: true });
  });

  it('matches the example in Slack\'s documentation', () => {
    const docs = 'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    const signature = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
    expect(verifySlackRequest({ signingSecret: '8f742231b10e8888abcd99yyyzzz85a5', rawBody: docs, timestamp: '1531420618', signature, nowMs: 1531420618_000 })).toEqual({ ok: true });
  });

  it('refuses a signature made with another secret, or over another body', () => {
    expect(check({ signature: signSlackRequest('another', ts, body) })).toEqual({ ok: false, reason: 'badSignature' });
    expect(check({ rawBody: `${body}&x=1` })).toEqual({ ok: false, reason: 'badSignature' });
    expect(check({ signature: 'v0=short' })).toEqual({ ok: false, reason: 'badSignature' });
  });

  it('refuses a timestamp more than five minutes away from the clock, either way', () => {
    const old = ts - MAX_REQUEST_AGE_MS / 1000 - 1;
    expect(check({ timestamp: String(old), signature: signSlackRequest(secret, old, body) })).toEqual({ ok: false, reason: 'staleTimestamp' });
    const future = ts + MAX_REQUEST_AGE_MS / 1000 + 1;
    expect(check({ timestamp: String(future), signature: signSlackRequest(secret, future, body) })).toEqual({ ok: false, reason: 'staleTimestamp' });
    const edge = ts - MAX_REQUEST_AGE_MS / 1000;
    expect(check({ timestamp: String(edge), signature: signSlackRequest(secret, edge, body) })).toEqual({ ok: true });
  });

  it('refuses a request without the headers, or with a timestamp that is not a number', () => {
    expect(check({ timestamp: undefined })).toEqual({ ok: false, reason: 'missingHeaders' });
    expect(check({ signature: undefined })).toEqual({ ok: false, reason: 'missingHeaders' });
    expect(check({ timestamp: '1e9' })).toEqual({ ok: false, reason: 'missingHeaders' });
  });
});
