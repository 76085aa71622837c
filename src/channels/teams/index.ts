import type { ChannelDeps } from '../mount.js';

/** Mounts the Teams channel on `POST /api/messages`. */
export function mountTeams(_deps: ChannelDeps): void {}
