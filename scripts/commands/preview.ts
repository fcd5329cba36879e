/** `kindred preview`: a local server that shows the book as it prints and reloads on every save. */
import { resolve } from 'node:path';
import type { Command } from './command.ts';
import { noPositionals, parseArgs, PROJECT_OPTIONS, userTemplatesDir } from '../parse-args.ts';
import { KindredError } from '../errors.ts';
import { defaultCacheDir } from '../cache.ts';
import { checkOutputFolder } from '../build.ts';
import { createSession } from '../preview/session.ts';
import { startServer, type PreviewServer } from '../preview/server.ts';
import { watchFiles } from '../preview/watch-files.ts';

const usage = `Usage: kindred preview [options]

Serves a live preview of the book on http://127.0.0.1:4310/ (this machine only): the print pages
one by one or as spreads at the book's trim, the EPUB's reflowable chapters and each handout. Every
save of a chapter, book.yaml, worksheet data or a template rebuilds what changed and reloads the page.
GET /__kindred/status answers {"build": N, "ok": true|false, "ms": M, "error"?: "file:line:col: …"}.
Ctrl-C stops it.

Options:
  --port N              port on 127.0.0.1 (default: 4310; 0 picks a free one)
  --manuscript DIR      folder with book.yaml and the chapters (default: ./manuscript)
  --templates DIR       your templates; they add to and override Kindred's own (default: ./templates)
  --out DIR             where the print PDF and the handouts are written (default: ./dist)
  --no-cache            keep nothing between runs (slower first build)
  --verbose             show stack traces for unexpected errors`;

export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new KindredError(`--port must be a number from 0 to 65535, not "${value}"`, { hint: 'For example --port 4311, or --port 0 for any free port.' });
  return port;
}

export const command: Command = {
  summary: 'a live preview of the book on 127.0.0.1 that reloads on every save',
  usage,
  async run(argv, ctx) {
    const { values, positionals } = parseArgs(argv, { ...PROJECT_OPTIONS, port: { type: 'string', default: '4310' }, 'no-cache': { type: 'boolean', default: false } }, usage);
    noPositionals(positionals, usage);
    const port = parsePort(values.port);
    const templatesDir = userTemplatesDir(argv, values.templates);
    const manuscriptDir = resolve(values.manuscript);
    const outDir = resolve(values.out);
    checkOutputFolder(outDir);
    const cacheDir = values['no-cache'] ? undefined : defaultCacheDir(manuscriptDir);
    void ctx.browser.start();

    const session = createSession({ manuscriptDir, templatesDir, outDir, cacheDir, browser: ctx.browser, log: ctx.log });
    let server: PreviewServer;
    try {
      server = await startServer({ session, outDir, port });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') throw new KindredError(`port ${port} on 127.0.0.1 is in use`, { hint: 'Stop what uses it, or choose another with --port N (--port 0 picks a free one).' });
      throw error;
    }
    ctx.out(`preview: ${server.url}  (Ctrl-C to stop)`);
    const watcher = watchFiles({
      dirs: [manuscriptDir, ...(templatesDir ? [templatesDir] : [])],
      ignore: [outDir, ...(cacheDir ? [cacheDir] : [])],
      onChange: (paths) => void session.rebuild(paths),
    });
    await watcher.ready;
    await session.rebuild([]);

    // Runs until interrupted; the CLI then closes the browser.
    await new Promise<void>((done) => {
      const stop = () => {
        void Promise.all([watcher.close(), server.close()]).then(() => done());
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};
