/**
 * Nothing gets out: a one-shot HTTP server on 127.0.0.1 is referenced from raw HTML, Markdown, an SVG
 * and the templates' CSS, and every output is made (print PDF, EPUB, screen PDF, cover, handouts).
 * The server must see no request; the references are reported at file:line:column.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import JSZip from 'jszip';
import { kindredAsync } from './support/handout-pdf.ts';
import { tempDir, type CliResult } from './support/cli.ts';
import { png } from './support/png.ts';
import { MINIMAL_BOOK } from './support/manuscript.ts';

const ROOT = resolve(import.meta.dirname, '..');

function chapter(base: string): string {
  return `# Offline

<img src="${base}/raw-img.png" alt="raw img">

![markdown image](${base}/markdown.png)

<figure><img src="images/ok.png" srcset="${base}/srcset.png 2x" alt="local, with a remote srcset"><figcaption>A local figure</figcaption></figure>

<picture><source srcset="${base}/source.webp"><img src="${base}/picture.png" alt="remote picture"></picture>

<link rel="stylesheet" href="${base}/link.css">

<iframe src="${base}/frame.html"></iframe>

<video src="${base}/video.mp4" poster="${base}/poster.png"></video>

<object data="${base}/object.svg"></object>

<div style="background: url(${base}/inline-style.png)">A styled div.</div>

<svg><image href="${base}/inline-svg.png" /></svg>

<img src="images/remote-ref.svg" alt="an SVG that points at the server">

<script src="${base}/script.js"></script>

<style>@import url(${base}/style-import.css); body { background: url(${base}/style-bg.png); }</style>

Visit <a href="${base}/a-link">the site</a>, a link (links are never fetched).

::worksheet{template="check-in" data="worksheets/check-in.yaml"}
`;
}

function css(base: string, name: string): string {
  const builtin = readFileSync(join(ROOT, 'templates', 'css', name), 'utf8');
  return `@import url("${base}/${name}-import.css");\n${builtin}\nbody { background-image: url("${base}/${name}-bg.png"); }\n`;
}

describe('no output reaches the network', () => {
  let server: Server;
  const requests: string[] = [];
  let dir: string;
  let out: string;
  const results: Record<string, CliResult> = {};

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      res.end('no');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const address = server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

    dir = tempDir('kindred-offline-');
    out = join(dir, 'dist');
    const ms = join(dir, 'manuscript');
    const templates = join(dir, 'templates', 'css');
    for (const d of [join(ms, 'images'), join(ms, 'worksheets'), templates]) mkdirSync(d, { recursive: true });
    writeFileSync(join(ms, 'book.yaml'), MINIMAL_BOOK);
    writeFileSync(join(ms, '01-one.md'), chapter(base));
    writeFileSync(join(ms, 'images', 'ok.png'), png(200, 120));
    writeFileSync(join(ms, 'images', 'remote-ref.svg'), `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><image href="${base}/svg-image.png" width="40" height="40"/><rect width="20" height="20"/></svg>`);
    copyFileSync(join(ROOT, 'manuscript', 'worksheets', 'check-in.yaml'), join(ms, 'worksheets', 'check-in.yaml'));
    for (const name of ['print.css', 'epub.css', 'cover.css', 'handout.css', 'worksheets.css']) writeFileSync(join(templates, name), css(base, name));

    const common = ['--manuscript', ms, '--templates', join(dir, 'templates'), '--out', out];
    // One after another: each starts a browser, and the machine has two cores.
    results.build = await kindredAsync(['build', ...common, '--no-cache']);
    results.screen = await kindredAsync(['build', ...common, '--no-cache', '--profile', 'screen', '--format', 'pdf']);
    results.cover = await kindredAsync(['cover', ...common]);
    results.handouts = await kindredAsync(['handouts', ...common]);
  }, 1_500_000);

  afterAll(() => {
    server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('makes every output', () => {
    for (const [name, result] of Object.entries(results)) expect(result.code, `${name}: ${result.stderr}`).toBe(0);
    for (const file of ['test-book.pdf', 'test-book.epub', 'test-book-screen.pdf', 'test-book-cover.pdf', 'test-book-cover.png']) expect(existsSync(join(out, file)), file).toBe(true);
    expect(readdirSync(join(out, 'handouts')).filter((f) => f.endsWith('.pdf')).length).toBeGreaterThan(0);
  });

  it('sends the server no request at all', () => {
    expect(requests).toEqual([]);
  });

  it('names each remote reference at file:line:column', () => {
    const log = results.build.stderr;
    expect(log).toMatch(/01-one\.md:3:1: remote image not fetched \(the build is offline\): http:\/\/127\.0\.0\.1:\d+\/raw-img\.png/);
    expect(log).toMatch(/01-one\.md:5:1: remote image not fetched .*markdown\.png/);
    expect(log).toMatch(/01-one\.md:9:\d+: remote image not fetched .*picture\.png/);
    expect(log).toMatch(/01-one\.md:23:1: image images\/remote-ref\.svg: removed external references from the SVG/);
    expect(log).toMatch(/01-one\.md:13:1: raw <iframe> removed/);
    expect(log).toMatch(/templates\/css\/print\.css:1:1: removed @import of http:\/\/127\.0\.0\.1:\d+\/print\.css-import\.css: .* is on the network/);
    expect(log).toMatch(/templates\/css\/print\.css:\d+:\d+: removed url\(\) of http:\/\/127\.0\.0\.1:\d+\/print\.css-bg\.png/);
    expect(log).toMatch(/templates\/css\/epub\.css:\d+:\d+: removed url\(\) of http:\/\/127\.0\.0\.1:\d+\/epub\.css-bg\.png/);
    expect(results.cover.stderr).toMatch(/templates\/css\/cover\.css:1:1: removed @import/);
    expect(results.handouts.stderr).toMatch(/templates\/css\/handout\.css:1:1: removed @import/);
    for (const result of Object.values(results)) expect(result.stderr).not.toMatch(/blocked a request|this is a bug/);
  });

  it('keeps the server out of the EPUB but for the one text link', async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(out, 'test-book.epub')));
    const mentions: string[] = [];
    for (const [name, entry] of Object.entries(zip.files)) {
      if (entry.dir || !/\.(xhtml|css|opf|svg|ncx)$/.test(name)) continue;
      for (const m of (await entry.async('string')).matchAll(/[^\s"'(]*127\.0\.0\.1[^\s"')]*/g)) mentions.push(`${name}: ${m[0]}`);
    }
    expect(mentions).toHaveLength(1);
    expect(mentions[0]).toMatch(/chapter-1\.xhtml: .*\/a-link/);
  });
});
