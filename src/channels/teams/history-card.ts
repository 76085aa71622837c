import { MEDIA_PATH } from '../../http/media.js';
import { historyImages, type HistoryImages } from '../shared/history-image.js';
import type { HistoryView } from '../shared/history-model.js';
import type { Wording } from '../shared/wording.js';
import { expandCard, type CardJson } from './cards.js';
import type { TeamsRuntime } from './runtime.js';

/**
 * The history chart as a Teams card. Teams loads card images from an https address, and its
 * desktop and web clients do not reliably show images sent inside the card as data URIs, so
 * with a public address the PNGs are served from `/media/<random token>.png` for a month,
 * the phone-width one to narrow clients and the desktop one to the rest (`targetWidth`).
 * Without a public address (trying it out locally) the desktop image travels as a data URI,
 * which Teams does not count against a message's size. The figures follow as text, so the
 * card says everything even where no image loads.
 */
export async function historyCard(rt: Pick<TeamsRuntime, 'media' | 'publicUrl'>, w: Wording, view: HistoryView): Promise<CardJson> {
  const images = historyImages(w, view);
  if (!rt.publicUrl) return historyCardOf(images, { wide: `data:image/png;base64,${images.desktop.toString('base64')}` });
  const [narrow, wide] = await Promise.all([rt.media.put(images.phone, 'image/png'), rt.media.put(images.desktop, 'image/png')]);
  return historyCardOf(images, { narrow: `${rt.publicUrl}${MEDIA_PATH}/${narrow}.png`, wide: `${rt.publicUrl}${MEDIA_PATH}/${wide}.png` });
}

/** The card around the images: a phone-width one for narrow clients when there is one. */
export function historyCardOf(images: HistoryImages, urls: { narrow?: string; wide: string }): CardJson {
  return expandCard('history', {
    title: images.title,
    alt: images.alt,
    narrowUrl: urls.narrow ?? '',
    wideUrl: urls.wide,
    paragraphs: images.text.map((p) => ({ lines: p.split('\n') })),
  });
}
