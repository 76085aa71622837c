import { z } from 'zod';
import { localesOf } from '../../domain/text.js';
import { commandText } from '../shared/wording.js';
import { CONTENT_TYPE } from './actions.js';
import { textMessage } from './port.js';
import { invokeResponse, partnershipOf, senderLanguage, timeZoneOf, type Turn } from './turn.js';
import { wording } from './views.js';

const consent = z.looseObject({
  type: z.literal('fileUpload'),
  action: z.enum(['accept', 'decline']),
  context: z.looseObject({ exportId: z.string().regex(/^[0-9a-f]{32}$/) }),
  uploadInfo: z
    .looseObject({
      name: z.string().min(1).max(256),
      uploadUrl: z.url({ protocol: /^https?$/ }),
      contentUrl: z.url({ protocol: /^https?$/ }),
      uniqueId: z.string().max(256).optional(),
      fileType: z.string().max(32).optional(),
    })
    .optional(),
});

/**
 * The member's answer to a file consent card. On accept the file is uploaded to the OneDrive
 * address Teams gave and a file card follows; on decline, or when the export is no longer
 * held, they are told how to ask again. Only the member it was made for can take it.
 */
export async function onFileConsent(turn: Turn): Promise<void> {
  const parsed = consent.safeParse(turn.activity.value);
  const p = await turn.rt.services.get(partnershipOf(turn.activity));
  const w = wording(turn.rt.translator, senderLanguage(turn, p), timeZoneOf(turn, p));
  const say = (key: string, command: 'export' | 'report' = 'export') =>
    turn.context.sendActivity(textMessage(localesOf(w.language).map((l) => w.t.t(l, key, { command: commandText(w, l, command) }))));
  if (!parsed.success) {
    turn.rt.log.info({ invoke: 'fileConsent' }, 'file consent not understood');
    await invokeResponse(turn, undefined);
    return;
  }
  const { action, context, uploadInfo } = parsed.data;
  const pending = await turn.rt.exports.take(context.exportId, turn.activity.from.id);
  await invokeResponse(turn, undefined);
  if (!pending) return void (await say('teams.export.expired'));
  if (action === 'decline' || !uploadInfo) return void (await say('teams.export.declined', pending.command));
  if (turn.rt.authenticated && !uploadInfo.uploadUrl.startsWith('https:')) throw new Error('upload address is not https');
  const bytes = Buffer.from(pending.content, 'utf8');
  const upload = await fetch(uploadInfo.uploadUrl, {
    method: 'PUT',
    headers: { 'Content-Type': `${pending.contentType}; charset=utf-8`, 'Content-Range': `bytes 0-${bytes.length - 1}/${bytes.length}` },
    body: bytes,
    redirect: 'error',
  });
  if (!upload.ok) throw new Error(`the file upload failed with ${upload.status}`);
  await turn.context.sendActivity({
    type: 'message',
    attachments: [
      {
        contentType: CONTENT_TYPE.fileInfo,
        contentUrl: uploadInfo.contentUrl,
        name: uploadInfo.name,
        content: { uniqueId: uploadInfo.uniqueId ?? '', fileType: uploadInfo.fileType ?? (pending.contentType === 'text/html' ? 'html' : 'csv') },
      },
    ],
  });
  turn.rt.log.info({ partnership: pending.partnershipId, file: pending.command }, 'export delivered');
}
