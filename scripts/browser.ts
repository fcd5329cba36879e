/**
 * The headless browser as a handle: created by the command, launched where it is first needed, passed to
 * every stage that prints, closed once (at the end, on an error or on a signal). After close() it never
 * starts again. Pages may load only local files under allowed roots; nothing reaches the network.
 */
import { fileURLToPath } from 'node:url';
import { realpathSync, statSync } from 'node:fs';
import type { Browser, Page } from 'puppeteer-core';
import { findBrowser, HOW_TO_GET_ONE } from './find-browser.ts';
import { KindredError } from './errors.ts';
import { removeTempFolder, tempFolder } from './temp.ts';
import { confinement, isAllowedUrl } from './resolve-resource.ts';

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
  // Fewer processes, each of which held memory through a whole print: no spare renderer kept for the
  // next navigation, and the network service and the (disabled) GPU in the browser's own process. The
  // 10x book's cold build peaked at 1762-1817 MB of RSS, at 1600-1661 MB with these. (Not the audio
  // service: in the browser's process it starts PulseAudio, which writes into ~/.config.)
  // Nor the address bar's pop-up: headless Chromium 156 preloads it as a web page of its own, a renderer
  // of about 150 MB that no print ever uses (seen in the browser's targets: chrome://omnibox-popup.top-chrome).
  '--disable-features=SpareRendererForSitePerProcess,WebUIOmniboxPopup,WebUIOmniboxAimPopup',
  '--enable-features=NetworkServiceInProcess2',
  '--in-process-gpu',
];

/** Seconds a page may take to load or print before it counts as hung: generous, raised with KINDRED_PAGE_TIMEOUT (0: no limit). */
export function pageTimeoutMs(): number {
  const raw = process.env.KINDRED_PAGE_TIMEOUT;
  if (raw === undefined || raw === '') return 600_000;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0) throw new KindredError(`KINDRED_PAGE_TIMEOUT must be a number of seconds (0 for no limit), not "${raw}"`);
  return seconds * 1000;
}

export interface PageOptions {
  /** Folders whose files the page may load (file:// URLs). data: and about: are always allowed. */
  allowRoots: string[];
  /** Called with the path of every local file the page loads (for cache keys). */
  onFile?: (path: string) => void;
  /** What the page holds, for the timeout message. */
  name?: string;
}

export interface BrowserHandle {
  /** Spawns the browser now and returns once its process runs, so that it boots while the caller works. */
  start(): Promise<void>;
  /** Runs fn on a fresh page that can load only files under allowRoots; the page is closed afterwards. */
  withPage<T>(options: PageOptions, fn: (page: Page) => Promise<T>): Promise<T>;
  /** The browser's product and version, e.g. `HeadlessChrome/142.0.0.0` (launches it). */
  version(): Promise<string>;
  /** The executable's path, size and time, for cache keys: a new browser changes it, and it launches nothing. */
  identity(): Promise<string>;
  /** True once a launch began. */
  readonly started: boolean;
  /** Closes the browser (killing it if it does not quit); afterwards it never starts again. */
  close(): Promise<void>;
}

export class BrowserClosedError extends KindredError {
  constructor() {
    super('the build was interrupted', { exitCode: 130 });
  }
}

/** The command line Kindred starts Chromium with (also for a browser shared by several processes, see `endpoint`). */
export function browserArgs(): string[] {
  const args = [...FLAGS];
  if (process.getuid?.() === 0 || process.env.CI) args.push('--no-sandbox');
  return args;
}

/**
 * A browser handle; nothing is launched until start() or the first page. With `endpoint` (the WebSocket
 * address of a Chromium started with browserArgs()), it connects to that browser instead of launching
 * one, and close() only disconnects: the test suite shares one warm browser between its processes.
 */
export function createBrowser(options: { warn?: (line: string) => void; endpoint?: string } = {}): BrowserHandle {
  const warn = options.warn ?? ((line: string) => void process.stderr.write(line + '\n'));
  let launching: Promise<Browser> | undefined;
  let spawned: Promise<void> | undefined;
  let closed = false;
  let identity: Promise<string> | undefined;
  let home: string | undefined;

  const launchBrowser = (): Promise<Browser> => {
    if (closed) return Promise.reject(new BrowserClosedError());
    if (launching) return launching;
    let markSpawned = () => {};
    spawned = new Promise((resolve) => (markSpawned = resolve));
    launching = (async () => {
      try {
        const { connect, launch } = await import('puppeteer-core');
        if (options.endpoint) {
          const timeout = pageTimeoutMs();
          return await connect({ browserWSEndpoint: options.endpoint, protocolTimeout: timeout === 0 ? 0 : timeout + 30_000 });
        }
        const executablePath = await findBrowser(warn);
        // A signal handled while the module loaded closes the handle: then no browser starts at all.
        await new Promise((resolve) => setImmediate(resolve));
        if (closed) throw new BrowserClosedError();
        const args = browserArgs();
        // Profile and Chromium's own temp files go in Kindred's temp folder, which every exit path removes.
        home = tempFolder('browser-');
        const timeout = pageTimeoutMs();
        const browser = launch({
          executablePath,
          args,
          headless: true,
          pipe: true,
          userDataDir: `${home}/profile`,
          env: { ...process.env, TMPDIR: home },
          protocolTimeout: timeout === 0 ? 0 : timeout + 30_000,
        }).catch((error: Error) => {
          if (closed) throw new BrowserClosedError();
          throw new KindredError(`could not start the browser ${executablePath}: ${error.message.split('\n')[0]}`, { hint: HOW_TO_GET_ONE, cause: error });
        });
        // launch() spawns the process after a few file-system calls; a short wait lets that happen.
        setTimeout(markSpawned, 25);
        const started = await browser;
        if (closed) {
          await started.close().catch(() => {});
          throw new BrowserClosedError();
        }
        // The blank tab Chromium opens at start holds a renderer of its own (about 70-130 MB) for nothing.
        for (const blank of await started.pages()) await blank.close().catch(() => {});
        return started;
      } finally {
        markSpawned();
      }
    })();
    return launching;
  };

  return {
    get started() {
      return launching !== undefined;
    },
    async start() {
      launchBrowser().catch(() => {});
      await spawned;
    },
    async version() {
      return (await launchBrowser()).version();
    },
    async identity() {
      identity ??= findBrowser(warn).then((path) => {
        const real = realpathSync(path);
        const s = statSync(real);
        return `${real}:${s.size}:${s.mtimeMs}`;
      });
      return identity;
    },
    async withPage(pageOptions, fn) {
      const browser = await launchBrowser();
      const page = await browser.newPage();
      // The book's one confinement (resolve-resource.ts): symlinks resolved, nothing from the network.
      const allowed = confinement(pageOptions.allowRoots);
      const timeout = pageTimeoutMs();
      page.setDefaultTimeout(timeout);
      page.setDefaultNavigationTimeout(timeout);
      try {
        await page.setRequestInterception(true);
        page.on('request', (request) => {
          const url = request.url();
          if (isAllowedUrl(url, allowed)) {
            if (pageOptions.onFile && url.startsWith('file:')) pageOptions.onFile(fileURLToPath(url));
            return void request.continue();
          }
          warn(`warning: blocked a request the book tried to make: ${url.slice(0, 200)}`);
          void request.abort('blockedbyclient');
        });
        page.on('pageerror', (error) => warn(`warning: script error in page: ${(error as Error).message}`));
        page.on('requestfailed', (request) => {
          const failure = request.failure()?.errorText;
          if (failure !== 'net::ERR_BLOCKED_BY_CLIENT') warn(`warning: could not load ${request.url()}: ${failure}`);
        });
        return await fn(page);
      } catch (error) {
        if (closed) throw new BrowserClosedError();
        if ((error as Error)?.name === 'TimeoutError') {
          throw new KindredError(`the browser took longer than ${timeout / 1000} s to lay out ${pageOptions.name ?? 'a page'}`, {
            hint: 'A very long document may need more time: set KINDRED_PAGE_TIMEOUT to more seconds (0 for no limit).',
            cause: error,
          });
        }
        throw error;
      } finally {
        await page.close().catch(() => {});
      }
    },
    async close() {
      closed = true;
      const pending = launching;
      if (!pending) return;
      let browser: Browser;
      try {
        browser = await pending;
      } catch {
        return; // launch failed or was cancelled
      }
      if (options.endpoint) return void (await browser.disconnect().catch(() => {}));
      const quit = browser.close().then(
        () => true,
        () => false,
      );
      const ok = await Promise.race([quit, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 3000).unref())]);
      if (!ok) browser.process()?.kill('SIGKILL');
      if (home) removeTempFolder(home);
    },
  };
}
