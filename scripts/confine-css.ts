/**
 * A stylesheet's references (`url(…)`, `@import`) through the book's confinement, before any renderer
 * sees the CSS: a remote or outside reference is removed with a warning at file:line:column; a local
 * one becomes an absolute file: URL for print (the CSS is inlined into a document elsewhere) and is
 * removed for the EPUB, which carries only the files Kindred puts in it.
 */
import { pathToFileURL } from 'node:url';
import { formatPlace } from './errors.ts';
import { resolveReference, type Confinement } from './resolve-resource.ts';

const REFERENCE = /@import\s+(?:url\(\s*)?(['"]?)([^'")\s;]+)\1\s*\)?[^;]*;|url\(\s*(['"]?)([^'")]*?)\3\s*\)/gi;

function place(css: string, offset: number): { line: number; column: number } {
  const before = css.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

export function confineCss(css: string, file: string, c: Confinement, medium: 'print' | 'epub', warn: (line: string) => void): string {
  return css.replace(REFERENCE, (match, _q1, importRef: string | undefined, _q2, urlRef: string | undefined, offset: number) => {
    const ref = (importRef ?? urlRef ?? '').trim();
    if (!ref || ref.startsWith('#') || /^data:/i.test(ref)) return match;
    const where = formatPlace({ file, ...place(css, offset) });
    const resolved = resolveReference(ref, file, c);
    if (resolved.kind === 'file' && medium === 'print') return importRef ? match.replace(importRef, pathToFileURL(resolved.path).href) : `url("${pathToFileURL(resolved.path).href}")`;
    const why = resolved.kind === 'file' ? 'the EPUB carries only the book’s own images and fonts' : resolved.kind === 'data' ? '' : resolved.reason;
    warn(`warning: ${where}: removed ${importRef ? '@import' : 'url()'} of ${ref.slice(0, 120)}: ${why}`);
    return importRef ? '' : 'none';
  });
}
