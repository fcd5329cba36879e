/**
 * The preview's HTTP server, on 127.0.0.1 only. It answers a fixed set of routes — the preview page and
 * its assets (templates/preview), pdf.js, the status as JSON and as server-sent events, the reflowable
 * chapters, the print PDF and the handouts of this book, and the files those pages name — and 404 to
 * everything else: no request path is ever joined onto a folder, so nothing else can be reached.
 * Requests whose Host is not this server (DNS rebinding) get 403.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { BUILTIN_TEMPLATES } from '../render-template.ts';
import { FILE_ROUTE } from './exposed-files.ts';
import { FILE_MEDIA_TYPES } from '../media-types.ts';
import type { Session } from './session.ts';

const HOST = '127.0.0.1';

const TYPES: Record<string, string> = {
  ...FILE_MEDIA_TYPES,
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.pdf': 'application/pdf',
};

export interface PreviewServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

export interface ServerOptions {
  session: Session;
  outDir: string;
  /** 0 for any free port. */
  port: number;
}

/** The preview page's own files: templates/preview without its Handlebars layouts. */
function assetFiles(): Map<string, string> {
  const dir = join(BUILTIN_TEMPLATES, 'preview');
  return new Map(
    readdirSync(dir)
      .filter((name) => !name.endsWith('.hbs'))
      .map((name) => [name, join(dir, name)]),
  );
}

function pdfjsFiles(): Map<string, string> {
  const require = createRequire(import.meta.url);
  return new Map(['pdf.min.mjs', 'pdf.worker.min.mjs'].map((name) => [name, require.resolve(`pdfjs-dist/build/${name}`)]));
}

export async function startServer(options: ServerOptions): Promise<PreviewServer> {
  const { session } = options;
  const assets = assetFiles();
  const pdfjs = pdfjsFiles();
  const streams = new Set<ServerResponse>();
  let port = 0;

  const send = (res: ServerResponse, code: number, body: string | Uint8Array, type = 'text/plain; charset=utf-8', cache = 'no-store') => {
    res.writeHead(code, { 'content-type': type, 'cache-control': cache, 'x-content-type-options': 'nosniff' });
    res.end(body);
  };
  const sendFile = (res: ServerResponse, path: string | undefined, cache?: string) => {
    if (!path) return send(res, 404, 'not found');
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch {
      return send(res, 404, 'not found');
    }
    send(res, 200, bytes, TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream', cache);
  };

  const bookInfo = () => {
    const current = session.current();
    if (!current) return { chapters: [], handouts: [] };
    const { book, prepared } = current.project;
    return {
      title: book.title,
      language: book.language,
      trim: book.trim,
      bleedPt: book.bleedPt,
      chapters: current.view.chapters.map((c) => ({ id: c.id, number: c.number, title: c.title, file: c.path.slice(book.manuscriptDir.length + 1) })),
      handouts: prepared.worksheets.map((w) => ({ id: w.id, title: w.title })),
    };
  };

  const routes: [RegExp, (res: ServerResponse, match: RegExpExecArray) => void][] = [
    [/^\/$/, (res) => sendFile(res, assets.get('index.html'))],
    [/^\/__kindred\/assets\/([^/]+)$/, (res, m) => sendFile(res, assets.get(m[1]))],
    [/^\/__kindred\/pdfjs\/([^/]+)$/, (res, m) => sendFile(res, pdfjs.get(m[1]), 'private, max-age=3600')],
    [/^\/__kindred\/status$/, (res) => send(res, 200, JSON.stringify(session.status()), TYPES['.json'])],
    [/^\/__kindred\/book\.json$/, (res) => send(res, 200, JSON.stringify(bookInfo()), TYPES['.json'])],
    [/^\/__kindred\/reflow\.css$/, (res) => {
      const css = session.current()?.view.css;
      return css === undefined ? send(res, 404, 'not found') : send(res, 200, css, TYPES['.css']);
    }],
    [/^\/__kindred\/reflow\/([^/]+)\.html$/, (res, m) => {
      const chapter = session.current()?.view.chapters.find((c) => c.id === m[1]);
      return chapter ? send(res, 200, chapter.html, TYPES['.html']) : send(res, 404, 'not found');
    }],
    [/^\/__kindred\/print\.pdf$/, (res) => {
      const book = session.current()?.project.book;
      sendFile(res, book && join(options.outDir, `${book.slug}.pdf`));
    }],
    [/^\/__kindred\/handouts\/([^/]+)\.pdf$/, (res, m) => {
      const known = session.current()?.project.prepared.worksheets.some((w) => w.id === m[1]);
      sendFile(res, known ? join(options.outDir, 'handouts', `${m[1]}.pdf`) : undefined);
    }],
    [new RegExp(`^${FILE_ROUTE}([0-9a-f]+)/[^/]+$`), (res, m) => sendFile(res, session.current()?.files.lookup(m[1]), 'private, max-age=86400, immutable')],
    [/^\/__kindred\/events$/, (res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(`event: status\ndata: ${JSON.stringify(session.status())}\n\n`);
      streams.add(res);
      res.on('close', () => streams.delete(res));
    }],
  ];

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const host = req.headers.host ?? '';
    if (host !== `${HOST}:${port}` && host !== `localhost:${port}`) return send(res, 403, 'forbidden');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed');
    // The raw path, not a URL-normalised one: `..` and its encodings match no route.
    const path = (req.url ?? '/').split('?')[0];
    for (const [pattern, answer] of routes) {
      const match = pattern.exec(path);
      if (match) return answer(res, match);
    }
    send(res, 404, 'not found');
  };

  const stopListening = session.onStatus((status) => {
    for (const res of streams) res.write(`event: status\ndata: ${JSON.stringify(status)}\n\n`);
  });
  const server: Server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, HOST, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  // A comment every 15 s keeps the event streams open through idle proxies and tells a closed tab apart.
  const keepAlive = setInterval(() => {
    for (const res of streams) res.write(': keep-alive\n\n');
  }, 15_000);
  keepAlive.unref();
  return {
    port,
    url: `http://${HOST}:${port}/`,
    close() {
      clearInterval(keepAlive);
      stopListening();
      for (const res of streams) res.end();
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
