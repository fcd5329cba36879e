/**
 * `kindred build --watch`: the build again on every save (the preview's watcher), one line per rebuild,
 * saves during a rebuild coalesced into the next one; it runs until Ctrl-C.
 */
import { watchFiles } from './watch-files.ts';
import { describeError } from './session.ts';

export interface WatchLoopOptions {
  dirs: string[];
  ignore: string[];
  /** One build; returns what it wrote, in a few words. */
  build(): Promise<string>;
  out(line: string): void;
}

const clock = () => new Date().toTimeString().slice(0, 8);

export async function watchLoop(options: WatchLoopOptions): Promise<void> {
  let count = 0;
  let running: Promise<void> | undefined;
  let again = false;
  const once = async () => {
    const start = performance.now();
    const number = ++count;
    try {
      const wrote = await options.build();
      options.out(`[${clock()}] build ${number}: ${wrote} in ${((performance.now() - start) / 1000).toFixed(1)} s`);
    } catch (error) {
      options.out(`[${clock()}] build ${number}: error: ${describeError(error)}`);
    }
  };
  const trigger = () => {
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        await once();
      } while (again);
    })().finally(() => (running = undefined));
  };
  const watcher = watchFiles({ dirs: options.dirs, ignore: options.ignore, onChange: trigger });
  await watcher.ready;
  trigger();
  options.out('watching for changes (Ctrl-C to stop)');
  await new Promise<void>((done) => {
    const stop = () => void watcher.close().then(done);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
