/**
 * Finds a Chrome/Chromium to drive: KINDRED_CHROME or PUPPETEER_EXECUTABLE_PATH, a system browser,
 * Puppeteer's cache, and last a download of Chrome for Testing through @puppeteer/browsers.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KindredError } from './errors.ts';

const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];
const SYSTEM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/opt/google/chrome/chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

export const HOW_TO_GET_ONE =
  'Install a browser and run again: `apt-get install chromium` (Debian/Ubuntu), or `npx @puppeteer/browsers install chrome@stable`,\n' +
  'or point KINDRED_CHROME at a Chrome/Chromium executable.';

function isProgram(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function fromEnvironment(): string | undefined {
  for (const name of ['KINDRED_CHROME', 'PUPPETEER_EXECUTABLE_PATH']) {
    const value = process.env[name];
    if (!value) continue;
    if (!existsSync(value)) {
      throw new KindredError(`${name} points at ${value}, which does not exist.`, { hint: HOW_TO_GET_ONE });
    }
    if (!isProgram(value)) throw new KindredError(`${name} points at ${value}, which is not a program.`, { hint: HOW_TO_GET_ONE });
    return value;
  }
  return undefined;
}

function fromSystem(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of SYSTEM_NAMES) {
      const candidate = join(dir, name);
      if (dir && existsSync(candidate)) return candidate;
    }
  }
  return SYSTEM_PATHS.find((p) => existsSync(p));
}

function cacheDir(): string {
  return process.env.PUPPETEER_CACHE_DIR ?? join(homedir(), '.cache', 'puppeteer');
}

async function fromPuppeteerCache(): Promise<string | undefined> {
  const browsers = await import('@puppeteer/browsers');
  const installed = await browsers.getInstalledBrowsers({ cacheDir: cacheDir() }).catch(() => []);
  const chrome = installed.find((b) => b.browser === browsers.Browser.CHROME || b.browser === browsers.Browser.CHROMIUM);
  return chrome && existsSync(chrome.executablePath) ? chrome.executablePath : undefined;
}

async function download(log: (line: string) => void): Promise<string> {
  const browsers = await import('@puppeteer/browsers');
  const platform = browsers.detectBrowserPlatform();
  if (!platform) throw new KindredError('No Chrome or Chromium was found, and this platform has no Chrome for Testing build.', { hint: HOW_TO_GET_ONE });
  log('No Chrome or Chromium found: downloading Chrome for Testing into the Puppeteer cache …');
  try {
    const buildId = await browsers.resolveBuildId(browsers.Browser.CHROME, platform, 'stable');
    const installed = await browsers.install({ browser: browsers.Browser.CHROME, buildId, cacheDir: cacheDir() });
    return installed.executablePath;
  } catch (error) {
    throw new KindredError(`No Chrome or Chromium was found, and downloading one failed (${(error as Error).message}).`, {
      hint: HOW_TO_GET_ONE,
      cause: error,
    });
  }
}

/** The path of a browser executable, downloading one only when nothing is installed. */
export async function findBrowser(log: (line: string) => void = () => {}): Promise<string> {
  return fromEnvironment() ?? fromSystem() ?? (await fromPuppeteerCache()) ?? (await download(log));
}
