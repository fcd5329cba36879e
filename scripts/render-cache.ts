/**
 * Rendered chapters through the build cache: a chapter whose tree, worksheets and rendering options are
 * unchanged, under unchanged templates, is read back as its HTML instead of rendered again (worksheets
 * filled, opener built, hyphens and markers added: about 13 ms a chapter).
 */
import type { ChapterTree, RenderedChapter } from './book-model.ts';
import { withHtml } from './render-chapter.ts';
import { type Cache, hash, kindredVersion, templatesDigest } from './cache.ts';
import type { TemplateSet } from './render-template.ts';
import { worksheetPlaceholders } from './to-hast.ts';
import type { WorksheetInstance } from './worksheets/prepare-worksheets.ts';

const KIND = 'render';

/**
 * A chapter renderer that goes through the cache. `setting` names everything else the HTML depends on
 * (the medium and its options); Kindred's code and the templates' files are added here.
 */
export function cachedRenderer(cache: Cache | undefined, templates: TemplateSet, worksheets: WorksheetInstance[], setting: string, render: (chapter: ChapterTree) => RenderedChapter): (chapter: ChapterTree) => RenderedChapter {
  if (!cache) return render;
  const context = hash(kindredVersion(), setting, templatesDigest(templates));
  const byId = new Map(worksheets.map((w) => [w.id, w]));
  return (chapter) => {
    const used = worksheetPlaceholders(chapter.hast).map(({ id }) => byId.get(id) ?? null);
    const key = hash(context, JSON.stringify(chapter), JSON.stringify(used));
    const hit = cache.get(KIND, key);
    if (hit) return withHtml(chapter, Buffer.from(hit.data).toString('utf8'));
    const rendered = render(chapter);
    cache.put(KIND, key, rendered.html);
    return rendered;
  };
}
