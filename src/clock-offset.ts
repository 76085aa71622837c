import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Clock } from './services/ports.js';

const offsetSchema = z.coerce.number().int().min(0);
/** How long a read offset is used before the file is read again. */
const REREAD_MS = 100;

/**
 * For tests of the built service only (CLOCK_OFFSET_FILE): the wall clock moved forward by the
 * milliseconds written in a file, so a test can move the clock of several processes at once
 * (to a round's deadline) without waiting for it. Never set in a deployment.
 */
export function offsetClock(file: string): Clock {
  let offset = 0;
  let readAt = -Infinity;
  return {
    now() {
      const wall = Date.now();
      if (wall - readAt >= REREAD_MS) {
        readAt = wall;
        try {
          const parsed = offsetSchema.safeParse(readFileSync(file, 'utf8').trim() || '0');
          if (parsed.success) offset = parsed.data;
        } catch {
          // No file yet: no offset.
        }
      }
      return wall + offset;
    },
  };
}
