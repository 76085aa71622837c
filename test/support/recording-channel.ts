import type { MemberRef, Partnership } from '../../src/domain/model.js';
import type { ChannelPort, Notice, RoundView, SummaryView } from '../../src/services/ports.js';

/**
 * A channel port that records what the services ask a channel to do. For service-level
 * tests only; the HTTP tests use the real channels against loopback platform fakes.
 */
export class RecordingChannel implements ChannelPort {
  roster: MemberRef[] = [];
  readonly posted: RoundView[] = [];
  readonly updated: RoundView[] = [];
  readonly summaries: SummaryView[] = [];
  readonly notices: { member: MemberRef; notice: Notice }[] = [];
  failPosts = false;

  async members(_p: Partnership): Promise<MemberRef[]> {
    return this.roster;
  }
  async postRound(view: RoundView): Promise<Record<string, string>> {
    if (this.failPosts) throw new Error('channel unreachable');
    this.posted.push(view);
    return { ref: `card-${this.posted.length}` };
  }
  async updateRound(view: RoundView): Promise<void> {
    this.updated.push(view);
  }
  async postSummary(view: SummaryView): Promise<void> {
    this.summaries.push(view);
  }
  async notify(_p: Partnership, member: MemberRef, notice: Notice): Promise<void> {
    this.notices.push({ member, notice });
  }
}
