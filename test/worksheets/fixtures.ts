/** Shared set-up for the worksheet unit tests: temporary manuscripts and template folders. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseMarkdown } from '../../scripts/parse-markdown.ts';
import { createTemplateSet, templateDirs, type TemplateSet } from '../../scripts/render-template.ts';
import { worksheetHelpers } from '../../scripts/worksheets/helpers.ts';
import { prepareWorksheets, type WorksheetInstance } from '../../scripts/worksheets/prepare-worksheets.ts';
import { KindredErrors } from '../../scripts/errors.ts';
import { tempDir as emptyTempDir } from '../support/cli.ts';

export const builtinTemplates = (): TemplateSet => createTemplateSet(templateDirs(), worksheetHelpers);

/** Writes files (path → text) under a fresh temporary folder and returns it. */
export function tempDir(files: Record<string, string> = {}): string {
  const dir = emptyTempDir('kindred-ws-');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** Prepares the worksheets of chapters given as Markdown text, named ch1.md, ch2.md … */
export function prepare(markdown: string[], manuscriptDir: string, templates = builtinTemplates()): WorksheetInstance[] {
  const chapters = markdown.map((md, i) => {
    const path = join(manuscriptDir, `ch${i + 1}.md`);
    return { tree: parseMarkdown(md, path).tree, path, chapterNumber: i + 1 };
  });
  return prepareWorksheets(chapters, { manuscriptDir, templates });
}

/** The formatted messages of the errors prepare() throws, relative to `cwd`. */
export function prepareErrors(markdown: string[], manuscriptDir: string, templates = builtinTemplates()): string[] {
  try {
    prepare(markdown, manuscriptDir, templates);
  } catch (error) {
    if (error instanceof KindredErrors) return error.errors.map((e) => e.format(manuscriptDir));
    throw error;
  }
  throw new Error('expected prepareWorksheets to fail');
}
