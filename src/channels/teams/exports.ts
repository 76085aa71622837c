import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { SharedState } from '../../store/store.js';

/** A file (the export's CSV, the board report) waiting for its member to accept the file consent card. */
export interface PendingExport {
  memberId: string;
  fileName: string;
  content: string;
  contentType: 'text/csv' | 'text/html';
  /** The command that makes it again, for "ask for it again". */
  command: 'export' | 'report';
  /** The partnership's language when it was asked for, for the follow-up message. */
  partnershipId: string;
}

const pendingExport = z.strictObject({
  memberId: z.string(),
  fileName: z.string(),
  content: z.string(),
  contentType: z.enum(['text/csv', 'text/html']),
  command: z.enum(['export', 'report']),
  partnershipId: z.string(),
});

const KEEP_MS = 60 * 60_000;

/**
 * Files wait between the consent card and the member's answer. Teams bots can only put a
 * file in a personal chat through the member's OneDrive, after they accept. Held in the
 * shared state, so the answer may reach any instance; for an hour, since the file can be made
 * again with one command.
 */
export class PendingExports {
  constructor(private readonly shared: SharedState) {}

  async add(pending: PendingExport): Promise<string> {
    const id = randomBytes(16).toString('hex');
    await this.shared.hold(`teams-export:${id}`, pending.memberId, JSON.stringify(pending), KEEP_MS);
    return id;
  }

  /** Takes an export out, only for the member it was made for. */
  async take(id: string, memberId: string): Promise<PendingExport | undefined> {
    const held = await this.shared.take(`teams-export:${id}`, memberId);
    if (held === undefined) return undefined;
    const parsed = pendingExport.safeParse(JSON.parse(held));
    return parsed.success ? parsed.data : undefined;
  }
}
