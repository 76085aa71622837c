import type { FrameworkRule } from '../../domain/framework.js';
import type { ChannelDeps } from '../mount.js';

/** Limits Teams puts on frameworks; a framework that breaks one is refused when loaded. */
export const teamsFrameworkRules: FrameworkRule[] = [];

/** Mounts the Teams channel on `POST /api/messages`. */
export function mountTeams(_deps: ChannelDeps): void {}
