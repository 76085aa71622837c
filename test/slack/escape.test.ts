import { cut, escapeEntities, inert, inertLine } from '../../src/channels/slack/escape.js';

describe('text made inert for Slack', () => {
  it('turns mentions, channel pings and links into plain text', () => {
    expect(inert('<!channel> <!here> <!everyone> <@U123> <#C42> <!subteam^S1> <https://evil|click>')).toBe(
      '&lt;!channel&gt; &lt;!here&gt; &lt;!everyone&gt; &lt;@U123&gt; &lt;#C42&gt; &lt;!subteam^S1&gt; &lt;https://evil|click&gt;',
    );
  });

  it('escapes & before the other two, so nothing is escaped twice or left as an entity', () => {
    expect(inert('a & b &lt; c <d>')).toBe('a &amp; b &amp;lt; c &lt;d&gt;');
    expect(escapeEntities('Tom & Jerry <3')).toBe('Tom &amp; Jerry &lt;3');
  });

  it('leaves no character that Slack would pair into bold, italics, strikethrough or code', () => {
    const out = inert('*bold* _it_ ~strike~ `code` ```block```');
    expect(out).not.toMatch(/[*_~`]/);
    expect(out).toBe('\u2217bold\u2217 \u02cdit\u02cd \u223cstrike\u223c \u02cbcode\u02cb \u02cb\u02cb\u02cbblock\u02cb\u02cb\u02cb');
  });

  it('keeps Welsh letters and everything else as typed', () => {
    expect(inert("Mae'r ŵyn a'r ŷd yn iawn — 100% @here")).toBe("Mae'r ŵyn a'r ŷd yn iawn — 100% @here");
  });

  it('puts a comment on one line, so a line cannot start a quote or a list', () => {
    expect(inertLine('first\n> quoted\r\n- item')).toBe('first &gt; quoted - item');
  });

  it('cuts long text without splitting an entity', () => {
    const text = inert('<'.repeat(10));
    const short = cut(text, 11);
    expect(short).toBe('&lt;&lt;…');
    expect(cut('short', 10)).toBe('short');
    expect(cut('x'.repeat(20), 10)).toHaveLength(10);
  });
});
