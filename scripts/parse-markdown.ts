/** Parses a chapter's Markdown into mdast (CommonMark + GFM + front matter + directives), one VFile per chapter. */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import remarkDirective from 'remark-directive';
import { VFile } from 'vfile';
import type { Root } from 'mdast';

const parser = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml', 'toml']).use(remarkDirective);

export interface ParsedChapter {
  tree: Root;
  file: VFile;
}

export function parseMarkdown(source: string, path: string): ParsedChapter {
  const file = new VFile({ path, value: source });
  return { tree: parser.parse(file) as Root, file };
}
