import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Platform } from '../../src/domain/model.js';
import { createTranslator } from '../../src/i18n/translator.js';
import { createLogger } from '../../src/log.js';
import { builtinFrameworks, type FrameworkRegistry } from '../../src/services/frameworks.js';
import { createServices, type Services, type Where } from '../../src/services/index.js';
import type { ChannelPort } from '../../src/services/ports.js';
import { LowdbStore } from '../../src/store/lowdb-store.js';
import { loadMemberKey, pseudonymiser } from '../../src/store/member-key.js';
import { TestClock } from './app.js';
import { RecordingChannel } from './recording-channel.js';

export interface ServiceHarness {
  services: Services;
  store: LowdbStore;
  channel: RecordingChannel;
  clock: TestClock;
  dataDir: string;
  where: Where;
}

/** The real services on a real store in a temporary folder, with a recording channel port. */
export async function serviceHarness(options: { dataDir?: string; frameworks?: FrameworkRegistry; platform?: Platform; cardIntervalMs?: number } = {}): Promise<ServiceHarness> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'asesu-svc-')));
  const store = await LowdbStore.open(dataDir);
  const { key } = await loadMemberKey(dataDir);
  const channel = new RecordingChannel();
  const clock = new TestClock();
  const platform = options.platform ?? 'slack';
  const services = createServices(
    {
      store,
      channels: new Map<Platform, ChannelPort>([[platform, channel]]),
      clock,
      frameworks: options.frameworks ?? builtinFrameworks(),
      pseudonymise: pseudonymiser(key),
      translator: createTranslator(),
      log: createLogger('silent'),
      defaults: { language: 'cy+en', timeZone: 'Europe/London' },
    },
    { cardIntervalMs: options.cardIntervalMs ?? 5 },
  );
  return { services, store, channel, clock, dataDir, where: { platform, key: 'T1:C1', address: { team: 'T1', channel: 'C1' }, name: 'partnership' } };
}

/** Every statement of a characteristic answered with one value, as a form would send it. */
export function pageAnswers(services: Services, characteristicId: string, value: string, frameworkId = 'spat'): Record<string, string> {
  const c = services.deps.frameworks.get(frameworkId)!.characteristics.find((x) => x.id === characteristicId)!;
  return Object.fromEntries(c.statements.map((s) => [s.id, value]));
}
