import type { FrameworkRule } from '../../domain/framework.js';
import type { ChannelDeps } from '../mount.js';

/** Limits Slack puts on frameworks; a framework that breaks one is refused when loaded. */
export const slackFrameworkRules: FrameworkRule[] = [];

/** Mounts the Slack channel on `POST /slack/events`. */
export function mountSlack(_deps: ChannelDeps): void {}
