/** Content problems are vfile messages with a place; this turns them into warnings or one KindredErrors. */
import type { VFile } from 'vfile';
import type { Position } from 'unist';
import { KindredError, KindredErrors, formatPlace } from './errors.ts';

/** Records a fatal problem on the file at a node's position (all of them are reported together). */
export function fileError(file: VFile, reason: string, node: { position?: Position } | undefined, ruleId: string, hint?: string): void {
  const message = file.message(reason, { place: node?.position, ruleId, source: 'kindred' });
  message.fatal = true;
  if (hint) message.note = hint;
}

/** Records a warning on the file at a node's position. */
export function fileWarning(file: VFile, reason: string, node: { position?: Position } | undefined, ruleId: string): void {
  file.message(reason, { place: node?.position, ruleId, source: 'kindred' });
}

/** Prints the warnings of every file and throws when any file has a fatal message. */
export function reportMessages(files: VFile[], warn: (line: string) => void): void {
  const errors: KindredError[] = [];
  for (const file of files) {
    for (const message of file.messages) {
      const place = { file: file.path, line: message.line ?? undefined, column: message.column ?? undefined };
      if (message.fatal) {
        errors.push(new KindredError(message.reason, { ...place, hint: message.note }));
      } else {
        warn(`warning: ${formatPlace(place)}: ${message.reason}`);
      }
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new KindredErrors(errors);
}
