/**
 * `kindred preview` as an author uses it: the CLI started on a copy of a small book on a free port, the
 * page opened in a real browser, a paragraph edited, book.yaml broken and mended, and the server probed
 * for paths out of the project and for listening beyond 127.0.0.1.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from './support/cli.ts';
import { clientBrowser, closeClientBrowser } from './support/client-browser.ts';
import { readPages } from './support/pdf-text.ts';

interface Status {
  build: number;
  ok: boolean;
  ms: number;
  error?: string;
  changed: string[];
  print: { build: number; ok: boolean; pending: boolean; error?: string };
}

let dir: string;
let book: string;
let child: ChildProcess;
let port: number;
let page: Page;
let stderr = '';

/** A GET with the path sent exactly as written (fetch would normalise `..`). */
function get(path: string, headers: Record<string, string> = {}): Promise<{ code: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ code: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const status = async (): Promise<Status> => JSON.parse((await get('/__kindred/status')).body.toString('utf8')) as Status;

async function waitFor(test: (s: Status) => boolean, what: string, ms = 90_000): Promise<Status> {
  const end = Date.now() + ms;
  for (;;) {
    const s = await status();
    if (test(s)) return s;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last status ${JSON.stringify(s)}\n${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  dir = tempDir('kindred-preview-');
  book = join(dir, 'book');
  cpSync(join(ROOT, 'test', 'fixtures', 'preview-book'), book, { recursive: true });
  const browser = clientBrowser();
  // From the temp folder: no ./templates there, so the watcher sees the book alone.
  child = spawn(process.execPath, [join(ROOT, 'scripts', 'bin', 'kindred.js'), 'preview', '--manuscript', 'book', '--out', 'out', '--port', '0'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /preview: http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`preview exited with ${code}: ${stderr}`)));
  });
  await waitFor((s) => s.build >= 1 && s.ok, 'the first build');
  page = await (await browser).newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  // The first print, drawn by pdf.js in the page.
  await page.waitForSelector('#pages .page canvas', { timeout: 90_000 });
});

afterAll(async () => {
  await closeClientBrowser();
  if (child.exitCode === null) child.kill('SIGKILL');
});

describe('kindred preview', () => {
  it('shows a saved paragraph at once, then in the print pages', async () => {
    const before = await status();
    const chapter = join(book, '01-start.md');
    writeFileSync(chapter, readFileSync(chapter, 'utf8').replace('Talk about what went well', 'Talk about the quiet kiwi orchard and what went well'));
    const after = await waitFor((s) => s.build > before.build, 'the rebuild after the edit');
    expect(after).toMatchObject({ build: before.build + 1, ok: true, changed: ['chapter-1'] });
    expect(after.ms).toBeGreaterThan(0);
    const reflow = await get('/__kindred/reflow/chapter-1.html');
    expect(reflow.body.toString('utf8')).toContain('quiet kiwi orchard');

    // The print PDF catches up; the page draws it.
    await waitFor((s) => s.print.build === after.build && !s.print.pending, 'the print pages of the edit');
    expect((await status()).print.ok).toBe(true);
    const pdf = await get('/__kindred/print.pdf');
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    writeFileSync(join(dir, 'served.pdf'), pdf.body);
    const text = (await readPages(join(dir, 'served.pdf'))).map((p) => p.text).join(' ');
    expect(text).toMatch(/kiwi\s+or-?\s*chard/);
    await page.waitForFunction((n) => document.getElementById('state')?.textContent?.startsWith(`build ${n} `), {}, after.build);
  });

  it('names a broken book.yaml by file:line:column in the status and the page, keeps the pages, and recovers', async () => {
    const yamlPath = join(book, 'book.yaml');
    const good = readFileSync(yamlPath, 'utf8');
    const before = await status();
    writeFileSync(yamlPath, good.replace('trim: 5.5x8.5', 'trim: [5.5x8.5'));
    const broken = await waitFor((s) => s.build > before.build, 'the rebuild of the broken YAML');
    expect(broken.ok).toBe(false);
    expect(broken.error).toMatch(/book\.yaml:\d+:\d+: /);
    await page.waitForSelector('#error:not([hidden])');
    const shown = await page.$eval('#error-text', (e) => e.textContent ?? '');
    expect(shown).toContain(broken.error!.split('\n')[0]);
    expect(await page.$$('#pages .page canvas')).not.toHaveLength(0);

    writeFileSync(yamlPath, good);
    const mended = await waitFor((s) => s.build > broken.build, 'the rebuild of the mended YAML');
    expect(mended.ok).toBe(true);
    expect(mended.error).toBeUndefined();
    await page.waitForSelector('#error[hidden]');
  });

  it('serves nothing outside its routes: traversal in any spelling is a 404, another Host a 403', async () => {
    const attempts = [
      '/../../etc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
      '/..%2f..%2f..%2fetc%2fpasswd',
      '/__kindred/assets/..%2f..%2fpackage.json',
      '/__kindred/assets/../../package.json',
      '/__kindred/reflow/..%2f..%2fbook.yaml.html',
      '/__kindred/handouts/..%2f..%2fbook.html.pdf',
      '/__kindred/f/0000000000000000/passwd',
      '/__kindred/pdfjs/..%2fpdf.mjs',
      '/book/book.yaml',
      '/out/small-steps.pdf',
    ];
    for (const path of attempts) {
      const res = await get(path);
      expect([403, 404], path).toContain(res.code);
      expect(res.body.toString('utf8'), path).not.toMatch(/root:|"name": "kindred"|title:/);
    }
    expect((await get('/__kindred/status', { host: 'evil.example' })).code).toBe(403);
  });

  it('listens on 127.0.0.1 only', async () => {
    const refused = (host: string) =>
      new Promise<boolean>((resolve) => {
        const socket = connect({ host, port });
        socket.once('connect', () => {
          socket.destroy();
          resolve(false);
        });
        socket.once('error', () => resolve(true));
      });
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && !a.internal)
      .map((a) => a!.address);
    for (const host of ['::1', ...others]) expect(await refused(host), host).toBe(true);
  });

  it('stops cleanly on Ctrl-C', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    await expect(get('/__kindred/status')).rejects.toThrow();
  });
});
