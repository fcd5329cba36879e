/**
 * One headless browser per command: launched lazily, shared by every page, closed idempotently
 * (from the CLI's finally and on SIGINT/SIGTERM). Pages may load only local files under allowed roots.
 */
import type { Browser, Page } from 'puppeteer-core';
import { findBrowser } from './find-browser.ts';
import { confinement, isAllowedUrl } from './resolve-resource.ts';

let launching: Promise<Browser> | undefined;
const warn = (line: string) => void process.stderr.write(line + '\n');

const FLAGS = [
  '--headless=new',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--font-render-hinting=none',
  '--allow-file-access-from-files',
];

let spawned: Promise<void> | undefined;

/** The shared browser, launched on first use. */
export function getBrowser(): Promise<Browser> {
  if (launching) return launching;
  let markSpawned = () => {};
  spawned = new Promise((resolve) => (markSpawned = resolve));
  launching = (async () => {
    try {
      const { launch } = await import('puppeteer-core');
      const executablePath = await findBrowser(warn);
      const args = [...FLAGS];
      if (process.getuid?.() === 0 || process.env.CI) args.push('--no-sandbox');
      const browser = launch({ executablePath, args, headless: true, pipe: true });
      // launch() spawns the process after a few file-system calls; a short wait lets that happen.
      setTimeout(markSpawned, 25);
      return await browser;
    } finally {
      markSpawned();
    }
  })();
  return launching;
}

/**
 * Starts the browser and returns once its process is running, so that Chromium boots on its own
 * core while this thread does synchronous work (reading the manuscript). Errors surface on first use.
 */
export async function startBrowser(): Promise<void> {
  getBrowser().catch(() => {});
  await spawned;
}

/** Closes the shared browser if it was launched; safe to call any number of times. */
export async function closeBrowser(): Promise<void> {
  const pending = launching;
  launching = undefined;
  if (!pending) return;
  try {
    const browser = await pending;
    await browser.close();
  } catch {
    /* launch failed or the browser is already gone */
  }
}

export interface PageOptions {
  /** Folders whose files the page may load (file:// URLs). data: and about: are always allowed. */
  allowRoots: string[];
}

/** Runs fn on a fresh page that can load only files under allowRoots; the page is closed in finally. */
export async function withPage<T>(options: PageOptions, fn: (page: Page) => Promise<T>): Promise<T> {
  const browser = await getBrowser();
  const page = await browser.newPage();
  // The book's one confinement (resolve-resource.ts): symlinks resolved, nothing from the network.
  const allowed = confinement(options.allowRoots);
  try {
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      const url = request.url();
      if (isAllowedUrl(url, allowed)) return void request.continue();
      warn(`warning: blocked a request the book tried to make: ${url.slice(0, 200)}`);
      void request.abort('blockedbyclient');
    });
    page.on('pageerror', (error) => warn(`warning: script error in page: ${(error as Error).message}`));
    page.on('requestfailed', (request) => {
      const failure = request.failure()?.errorText;
      if (failure !== 'net::ERR_BLOCKED_BY_CLIENT') warn(`warning: could not load ${request.url()}: ${failure}`);
    });
    return await fn(page);
  } finally {
    await page.close().catch(() => {});
  }
}
