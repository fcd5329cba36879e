/** The `kindred` command line: dispatches to scripts/commands/<name>.ts and prints user errors without a stack. */
import { environmentError, isKindredError, KindredError } from './errors.ts';
import { createBrowser, type BrowserHandle } from './browser.ts';
import { removeTempFolders } from './temp.ts';
import type { Command, CommandContext } from './commands/command.ts';
import { closestName } from './suggest.ts';
import { packageVersion } from './version.ts';

const COMMANDS: Record<string, () => Promise<Command>> = {
  build: async () => (await import('./commands/build.ts')).command,
  check: async () => (await import('./commands/check.ts')).command,
  cover: async () => (await import('./commands/cover.ts')).command,
  handouts: async () => (await import('./commands/handouts.ts')).command,
  init: async () => (await import('./commands/init.ts')).command,
  new: async () => (await import('./commands/new.ts')).command,
  preview: async () => (await import('./commands/preview.ts')).command,
};

async function helpText(): Promise<string> {
  const lines = [
    'kindred — build a Markdown manuscript into a print-ready workbook PDF, an EPUB 3 and worksheet handouts',
    '',
    'Usage: kindred <command> [options]',
    '',
    'Commands:',
  ];
  for (const [name, load] of Object.entries(COMMANDS)) {
    try {
      lines.push(`  ${name.padEnd(10)}${(await load()).summary}`);
    } catch {
      /* a command still being written is simply not listed */
    }
  }
  lines.push(
    '',
    'Options of every command:',
    '  --quiet         only warnings and errors (no progress lines, no summary)',
    '  --verbose       stack traces for unexpected errors',
    '',
    '  kindred help <command>, kindred <command> --help   the options of a command',
    '  kindred -v, kindred --version                      the version',
  );
  return lines.join('\n');
}

/** One line for a command that does not exist, with the nearest one that does. */
function unknownCommand(name: string): KindredError {
  const suggestion = closestName(name, Object.keys(COMMANDS));
  return new KindredError(`unknown command "${name}"${suggestion ? `; did you mean ${suggestion}?` : ''} (commands: ${Object.keys(COMMANDS).join(', ')}; kindred --help)`);
}

/** Only what --quiet keeps: warnings and errors (a line and the hint lines it carries). */
const worthSaying = (line: string) => /^(error|warning)\b/.test(line);

/** Where a run's output goes, and a browser to share (tests run several commands in one process). */
export interface CliIo {
  out?: (line: string) => void;
  log?: (line: string) => void;
  /** A browser the caller owns and closes; without one, the command gets its own. */
  browser?: BrowserHandle;
}

let running = 0;

/** Runs the CLI and returns the exit code. */
export async function main(argv: string[], io: CliIo = {}): Promise<number> {
  const verbose = argv.includes('--verbose');
  // --json keeps stdout to one document and stderr to what went wrong.
  const quiet = argv.includes('--quiet') || argv.includes('--json');
  const log = io.log ?? ((line: string) => void process.stderr.write(line + '\n'));
  const ctx: CommandContext = {
    verbose,
    quiet,
    log: quiet ? (line) => void (worthSaying(line) && log(line)) : log,
    out: io.out ?? ((line) => void process.stdout.write(line + '\n')),
    browser: io.browser ?? createBrowser({ warn: log }),
  };
  running++;
  // An interrupt at any stage: no new browser, the running one closed, temp folders removed, outputs
  // untouched (they are only ever renamed into place whole). A second interrupt does not wait for the browser.
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    const code = signal === 'SIGINT' ? 130 : 143;
    if (interrupted) {
      removeTempFolders();
      process.exit(code);
    }
    interrupted = true;
    log(`\ninterrupted (${signal}): stopped; the last good outputs are unchanged.`);
    void ctx.browser.close().finally(() => {
      removeTempFolders();
      process.exit(code);
    });
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    // Options of every command may come before it: `kindred --quiet build`.
    const lead = argv.findIndex((a) => a !== '--quiet' && a !== '--verbose');
    const name = lead === -1 ? undefined : argv[lead];
    const rest = lead === -1 ? [] : [...argv.slice(0, lead), ...argv.slice(lead + 1)];
    const topic = name === 'help' ? rest.find((a) => !a.startsWith('-')) : undefined;
    if (!name || name === '--help' || name === '-h' || (name === 'help' && !topic)) {
      ctx.out(await helpText());
      return name ? 0 : 1;
    }
    if (name === '--version' || name === '-v') {
      ctx.out(`kindred ${packageVersion()}`);
      return 0;
    }
    if (topic) {
      if (!COMMANDS[topic]) throw unknownCommand(topic);
      ctx.out((await COMMANDS[topic]()).usage);
      return 0;
    }
    const load = COMMANDS[name];
    if (!load) throw unknownCommand(name);
    const command = await load();
    if (rest.includes('--help') || rest.includes('-h')) {
      ctx.out(command.usage);
      return 0;
    }
    return await command.run(rest, ctx);
  } catch (caught) {
    const error = environmentError(caught) ?? caught;
    if (isKindredError(error)) {
      log(`error: ${error.format()}`);
      if (verbose && error.stack) log(error.stack);
      return error.exitCode;
    }
    log(verbose ? String((error as Error)?.stack ?? error) : `kindred: unexpected failure: ${(error as Error)?.message ?? error}\n  (run with --verbose for the stack trace; this is a bug in Kindred)`);
    return 2;
  } finally {
    running--;
    // A browser the caller lent keeps its temp folder; the caller closes both.
    if (!io.browser) await ctx.browser.close();
    if (running === 0 && !io.browser) removeTempFolders();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}
