/** What every `kindred` command is given and returns; the CLI (cli.ts) dispatches to these. */
import type { BrowserHandle } from '../browser.ts';

export interface CommandContext {
  verbose: boolean;
  /** --quiet or --json: `log` passes only warnings and errors; commands leave out their summary on stdout. */
  quiet?: boolean;
  /** Progress lines go to stderr so stdout stays clean for reports. */
  log: (line: string) => void;
  out: (line: string) => void;
  /** The command's browser: launched where a stage first needs it, closed by the CLI. */
  browser: BrowserHandle;
}

export interface Command {
  summary: string;
  usage: string;
  run(argv: string[], ctx: CommandContext): Promise<number>;
}
