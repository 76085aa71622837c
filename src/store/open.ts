import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { LocalSharedState } from './local-shared.js';
import { LowdbStore } from './lowdb-store.js';
import { loadMemberKey } from './member-key.js';
import { memberKeyInDatabase } from './pg-member-key.js';
import { PostgresStore } from './pg-store.js';
import { PostgresSharedState } from './pg-shared.js';
import type { SharedState, Store } from './store.js';

export type Backend = 'lowdb' | 'postgres';

export interface OpenedStore {
  backend: Backend;
  store: Store;
  shared: SharedState;
  memberKey: Buffer;
}

/** The one place that picks the backend: PostgreSQL when DATABASE_URL is set, else the files in DATA_DIR. */
export async function openStore(config: Pick<Config, 'dataDir' | 'database' | 'memberKey'>, log: Logger): Promise<OpenedStore> {
  if (config.database) {
    const store = await PostgresStore.open(config.database.url, { migrate: config.database.migrate, log });
    try {
      const memberKey = await memberKeyInDatabase(store.pool, config.memberKey);
      if (memberKey.created) log.info('created a new member key in the database');
      return { backend: 'postgres', store, shared: new PostgresSharedState(store.pool, log), memberKey: memberKey.key };
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  const store = await LowdbStore.open(config.dataDir);
  const memberKey = await loadMemberKey(config.dataDir, config.memberKey);
  if (memberKey.created) log.info('created a new member key in the data directory');
  if (memberKey.looseMode) log.warn('the member key file can be read by other users: chmod 600 it');
  return { backend: 'lowdb', store, shared: new LocalSharedState(), memberKey: memberKey.key };
}

/** Where the data is, for the start-up line: the folder, or the database without its credentials. */
export function describeStore(config: Pick<Config, 'dataDir' | 'database'>): string {
  if (!config.database) return config.dataDir;
  const url = new URL(config.database.url);
  return `PostgreSQL ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
}
