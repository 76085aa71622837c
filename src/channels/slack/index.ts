import type { ChannelDeps } from '../mount.js';

/** Mounts the Slack channel on `POST /slack/events`. */
export function mountSlack(_deps: ChannelDeps): void {}
