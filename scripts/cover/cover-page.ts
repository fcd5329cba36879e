/** Opens cover HTML in the shared browser: written to a temp folder, loaded as a file, fonts awaited. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'puppeteer-core';
import type { BrowserHandle } from '../browser.ts';
import { removeTempFolder, tempFolder } from '../temp.ts';
import { bookFonts, fontRoots } from '../fonts.ts';
import type { TemplateSet } from '../render-template.ts';
import { fitText } from './fit-text.ts';

/** Runs fn on a page showing the HTML, its type fitted; the temp folder is removed afterwards. */
export async function withCoverPage<T>(
  browser: BrowserHandle,
  html: string,
  roots: { templates: TemplateSet; manuscriptDir: string },
  fn: (page: Page) => Promise<T>,
  viewport?: { width: number; height: number; deviceScaleFactor: number },
  /** Receives every file the page loaded besides its own HTML (fonts, images, stylesheets). */
  onFile?: (path: string) => void,
): Promise<T> {
  const dir = tempFolder('cover-');
  try {
    const file = join(dir, 'cover.html');
    writeFileSync(file, html);
    const loaded = onFile && ((path: string) => void (path !== file && onFile(path)));
    return await browser.withPage({ allowRoots: [dir, ...fontRoots(bookFonts(roots.templates)), ...roots.templates.dirs, roots.manuscriptDir], name: 'the cover', onFile: loaded }, async (page) => {
      if (viewport) await page.setViewport(viewport);
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      await fitText(page);
      return fn(page);
    });
  } finally {
    removeTempFolder(dir);
  }
}
