import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { LocalSharedState } from './local-shared.js';
import { LowdbStore } from './lowdb-store.js';
import { loadMemberKey } from './member-key.js';
import { memberKeyInDatabase } from './pg-member-key.js';
import { PostgresStore } from './pg-store.js';
import { PostgresSharedState } from './pg-shared.js';
import type { DueTimes, MediaStore, SharedState, Store } from './store.js';
import { MemoryMediaStore } from './memory-media.js';
import { PostgresMediaStore } from './pg-media.js';
import type { DueWork } from '../scheduler/due-work.js';
import { FileDueWork } from '../scheduler/file-due-work.js';
import { PostgresDueWork } from './pg-due-work.js';

export type Backend = 'lowdb' | 'postgres';

export interface OpenedStore {
  backend: Backend;
  store: Store;
  shared: SharedState;
  memberKey: Buffer;
  /** Where the scheduler finds due work: the index in DATA_DIR, or the due times in the database. */
  due: DueWork;
  /** Chart images for Teams cards: in this process for the files, in the database for several instances. */
  media: MediaStore;
}

/** The one place that picks the backend: PostgreSQL when DATABASE_URL is set, else the files in DATA_DIR. */
export async function openStore(config: Pick<Config, 'dataDir' | 'database' | 'memberKey'>, log: Logger, options: { dueTimes?: DueTimes } = {}): Promise<OpenedStore> {
  if (config.database) {
    const store = await PostgresStore.open(config.database.url, { migrate: config.database.migrate, log, ...(options.dueTimes ? { dueTimes: options.dueTimes } : {}) });
    try {
      const memberKey = await memberKeyInDatabase(store.pool, config.memberKey);
      if (memberKey.created) log.info('created a new member key in the database');
      return { backend: 'postgres', store, shared: new PostgresSharedState(store.pool, log), memberKey: memberKey.key, due: new PostgresDueWork(store.pool, log), media: new PostgresMediaStore(store.pool) };
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  const store = await LowdbStore.open(config.dataDir);
  const memberKey = await loadMemberKey(config.dataDir, config.memberKey);
  if (memberKey.created) log.info('created a new member key in the data directory');
  if (memberKey.looseMode) log.warn('the member key file can be read by other users: chmod 600 it');
  return { backend: 'lowdb', store, shared: new LocalSharedState(), memberKey: memberKey.key, due: new FileDueWork(config.dataDir, log), media: new MemoryMediaStore() };
}

/** Where the data is, for the start-up line: the folder, or the database without its credentials. */
export function describeStore(config: Pick<Config, 'dataDir' | 'database'>): string {
  if (!config.database) return config.dataDir;
  const url = new URL(config.database.url);
  return `PostgreSQL ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
}
