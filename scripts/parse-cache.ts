/** Markdown parsing through the build cache: a chapter whose text is unchanged is read back as its tree. */
import { VFile } from 'vfile';
import type { Root } from 'mdast';
import { type Cache, hash, kindredVersion } from './cache.ts';
import { parseMarkdown, type ParsedChapter } from './parse-markdown.ts';

const KIND = 'parse';

export function parseCached(source: string, path: string, cache: Cache | undefined): ParsedChapter {
  if (!cache) return parseMarkdown(source, path);
  const key = hash(kindredVersion(), path, source);
  const entry = cache.get(KIND, key);
  if (entry) {
    try {
      return { tree: JSON.parse(Buffer.from(entry.data).toString('utf8')) as Root, file: new VFile({ path, value: source }) };
    } catch {
      /* unreadable tree: parse again */
    }
  }
  const parsed = parseMarkdown(source, path);
  cache.put(KIND, key, JSON.stringify(parsed.tree));
  return parsed;
}
