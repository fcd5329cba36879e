/** The `kindred` command line: dispatches to scripts/commands/<name>.ts and prints user errors without a stack. */
import { isKindredError } from './errors.ts';
import { closeBrowser } from './browser.ts';

export interface CommandContext {
  verbose: boolean;
  /** Progress lines go to stderr so stdout stays clean for reports. */
  log: (line: string) => void;
  out: (line: string) => void;
}

export interface Command {
  summary: string;
  usage: string;
  run(argv: string[], ctx: CommandContext): Promise<number>;
}

const COMMANDS: Record<string, () => Promise<Command>> = {
  build: async () => (await import('./commands/build.ts')).command,
  check: async () => (await import('./commands/check.ts')).command,
  cover: async () => (await import('./commands/cover.ts')).command,
  handouts: async () => (await import('./commands/handouts.ts')).command,
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
  lines.push('', 'Run `kindred <command> --help` for its options. `--verbose` shows stack traces.');
  return lines.join('\n');
}

/** Runs the CLI and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const verbose = argv.includes('--verbose');
  const ctx: CommandContext = {
    verbose,
    log: (line) => process.stderr.write(line + '\n'),
    out: (line) => process.stdout.write(line + '\n'),
  };
  const onSignal = (signal: NodeJS.Signals) => {
    void closeBrowser().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const [name, ...rest] = argv;
    if (!name || name === '--help' || name === '-h' || name === 'help') {
      ctx.out(await helpText());
      return name ? 0 : 1;
    }
    if (name === '--version') {
      ctx.out('kindred 0.1.0');
      return 0;
    }
    const load = COMMANDS[name];
    if (!load) {
      ctx.log(`kindred: unknown command "${name}". Commands: ${Object.keys(COMMANDS).join(', ')}. See kindred --help.`);
      return 1;
    }
    const command = await load();
    if (rest.includes('--help') || rest.includes('-h')) {
      ctx.out(command.usage);
      return 0;
    }
    return await command.run(rest, ctx);
  } catch (error) {
    if (isKindredError(error)) {
      ctx.log(`error: ${error.format()}`);
      if (verbose && error.stack) ctx.log(error.stack);
      return error.exitCode;
    }
    ctx.log(verbose ? String((error as Error)?.stack ?? error) : `kindred: unexpected failure: ${(error as Error)?.message ?? error}\n  (run with --verbose for the stack trace; this is a bug in Kindred)`);
    return 2;
  } finally {
    await closeBrowser();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}
