/** A plain browser, as a client would open a file in: no Kindred confinement, so a test sees every request a page makes. */
import { launch, type Browser } from 'puppeteer-core';
import { findBrowser } from '../../scripts/find-browser.ts';

let browser: Promise<Browser> | undefined;

export function clientBrowser(): Promise<Browser> {
  browser ??= findBrowser().then((executablePath) =>
    launch({
      executablePath,
      headless: true,
      pipe: true,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-gpu', '--allow-file-access-from-files'],
    }),
  );
  return browser;
}

export async function closeClientBrowser(): Promise<void> {
  const pending = browser;
  browser = undefined;
  if (pending) await (await pending).close();
}
