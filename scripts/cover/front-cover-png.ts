/** The front cover alone as a PNG for the EPUB: 1600 × 2560 px (the stores' 1:1.6), RGB, opaque. */
import type { Book } from '../load-book.ts';
import type { BrowserHandle } from '../browser.ts';
import type { TemplateSet } from '../render-template.ts';
import { coverHtml } from './cover-html.ts';
import { withCoverPage } from './cover-page.ts';
import { opaqueRgbPng } from './png-rgb.ts';
import { type Cache, getWithFiles, hash, kindredVersion, putWithFiles } from '../cache.ts';

export const FRONT_COVER_PX = { width: 1600, height: 2560 };
const SCALE = 2;

/**
 * Renders the front panel at 1600 × 2560 px and returns an RGB PNG (no alpha channel). With a cache, the
 * image is kept by the cover's HTML and the browser, valid while every file the page loaded is unchanged.
 */
export async function renderFrontCoverPng(browser: BrowserHandle, book: Book, templates: TemplateSet, log?: (line: string) => void, cache?: Cache): Promise<Buffer> {
  const width = FRONT_COVER_PX.width / SCALE;
  const height = FRONT_COVER_PX.height / SCALE;
  const html = coverHtml(book, templates, { kind: 'front', widthPx: width, heightPx: height }, log);
  const key = cache && hash(kindredVersion(), await browser.identity(), 'front-cover', html);
  const kept = key && cache ? getWithFiles(cache, 'cover', key) : undefined;
  if (kept) return Buffer.from(kept);
  const loaded = new Set<string>();
  const png = await withCoverPage(
    browser,
    html,
    { templates, manuscriptDir: book.manuscriptDir },
    (page) => page.screenshot({ type: 'png', omitBackground: false, clip: { x: 0, y: 0, width, height } }),
    { width, height, deviceScaleFactor: SCALE },
    (path) => loaded.add(path),
  );
  const rgb = opaqueRgbPng(Buffer.from(png));
  if (key && cache) putWithFiles(cache, 'cover', key, rgb, loaded);
  return rgb;
}
