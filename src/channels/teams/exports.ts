import { randomBytes } from 'node:crypto';

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

const KEEP_MS = 60 * 60_000;

/**
 * Exports wait here between the consent card and the member's answer. Teams bots can only put
 * a file in a personal chat through the member's OneDrive, after they accept; kept in memory
 * for an hour, since the file can be made again with one command.
 */
export class PendingExports {
  private readonly byId = new Map<string, PendingExport & { at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  add(pending: PendingExport): string {
    this.sweep();
    const id = randomBytes(16).toString('hex');
    this.byId.set(id, { ...pending, at: this.now() });
    return id;
  }

  /** Takes an export out, only for the member it was made for. */
  take(id: string, memberId: string): PendingExport | undefined {
    this.sweep();
    const pending = this.byId.get(id);
    if (!pending || pending.memberId !== memberId) return undefined;
    this.byId.delete(id);
    return pending;
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, p] of this.byId) if (now - p.at > KEEP_MS) this.byId.delete(id);
  }
}
