import { CLAIM_MS } from '../../src/domain/claims.js';
import { sendOnce, type Effect } from '../../src/services/effects.js';
import { serviceHarness, type ServiceHarness } from '../support/services.js';

/** A post claimed before it is sent and recorded after: never twice, and a crash is retried once. */

describe('sendOnce', () => {
  let h: ServiceHarness;
  let pid = '';
  beforeEach(async () => {
    h = await serviceHarness();
    pid = (await h.services.ensure(h.where, { id: 'U-SEC', name: 'Siân' })).partnership.id;
  });
  afterEach(() => h.store.close());

  /** An effect that counts its sends and records itself as the partnership's name. */
  function effect(sends: string[], send: () => Promise<string> = async () => 'sent'): Effect<string, string> {
    return {
      key: 'test:post',
      owed: (p) => (p.name === 'posted' ? null : 'hello'),
      send: async (subject) => {
        sends.push(subject);
        return send();
      },
      record: (p) => ({ ...p, name: 'posted' }),
    };
  }

  it('sends once however many ask at the same moment', async () => {
    const sends: string[] = [];
    let release!: () => void;
    const slow = effect(sends, () => new Promise((resolve) => (release = () => resolve('sent'))));
    const first = sendOnce(h.services.deps, pid, slow);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await sendOnce(h.services.deps, pid, slow);
    expect(second).toEqual({ sent: false });
    release();
    expect(await first).toMatchObject({ sent: true });
    expect(await sendOnce(h.services.deps, pid, slow)).toEqual({ sent: false });
    expect(sends).toEqual(['hello']);
    expect((await h.store.get(pid))!.claims).toEqual({});
  });

  it('releases the claim when the send fails, so it can be tried again at once', async () => {
    const sends: string[] = [];
    await expect(sendOnce(h.services.deps, pid, effect(sends, () => Promise.reject(new Error('429'))))).rejects.toThrow('429');
    expect((await h.store.get(pid))!.claims).toEqual({});
    expect(await sendOnce(h.services.deps, pid, effect(sends))).toMatchObject({ sent: true });
    expect(sends).toHaveLength(2);
  });

  it('tries once more after a sender crashed holding the claim, then gives it up', async () => {
    const at = h.clock.now();
    const crashed = { at, tries: 1 };
    await h.store.update(pid, (p) => ({ next: { ...p!, claims: { 'test:post': crashed } }, result: undefined }));
    const sends: string[] = [];
    expect(await sendOnce(h.services.deps, pid, effect(sends))).toEqual({ sent: false });
    h.clock.advance(CLAIM_MS);
    // The retry crashes too: it claims (second try) and never records.
    await h.store.update(pid, (p) => ({ next: { ...p!, claims: { 'test:post': { at: h.clock.now(), tries: 2 } } }, result: undefined }));
    h.clock.advance(CLAIM_MS);
    expect(await sendOnce(h.services.deps, pid, effect(sends))).toEqual({ sent: false });
    expect(sends).toEqual([]);
    const p = (await h.store.get(pid))!;
    expect(p.name).toBe('posted');
    expect(p.claims).toEqual({});
  });

  it('retries a lapsed claim once and records it', async () => {
    await h.store.update(pid, (p) => ({ next: { ...p!, claims: { 'test:post': { at: h.clock.now(), tries: 1 } } }, result: undefined }));
    h.clock.advance(CLAIM_MS + 1);
    const sends: string[] = [];
    expect(await sendOnce(h.services.deps, pid, effect(sends))).toMatchObject({ sent: true });
    expect(sends).toEqual(['hello']);
    expect((await h.store.get(pid))!.name).toBe('posted');
  });
});
