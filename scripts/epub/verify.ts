/**
 * The last check before the EPUB is written: what epubcheck rejects most often, found in-process so a
 * build never exits 0 with an invalid book. Every XML file well-formed, no control characters, ids
 * unique in each document, every link and image pointing at a file in the book and an id in it.
 */
import { dirname, posix } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import type { Files } from './zip.ts';

const XML_FILE = /\.(xhtml|opf|ncx|svg|xml)$/;
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|&#(x0*[0-8bcef]|x0*1[0-9a-f]|0*([0-8]|1[1-2]|1[4-9]|2[0-9]|3[01]));/i;
const EXTERNAL = /^(https?|mailto|tel|data):/i;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** An attribute's value as XML reads it: character references (`&#x4ECB;`, which the chapters use for non-ASCII) and the five entities decoded. */
const unescapeXml = (value: string) =>
  value.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);/gi, (_, ref: string) =>
    ref[0] === '#' ? String.fromCodePoint(ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : Number(ref.slice(1))) : ENTITIES[ref.toLowerCase()],
  );

export function verifyEpub(files: Files): string[] {
  const decoder = new TextDecoder();
  const text = new Map<string, string>();
  for (const [path, data] of files) if (XML_FILE.test(path)) text.set(path, typeof data === 'string' ? data : decoder.decode(data));
  const problems: string[] = [];
  const ids = new Map<string, Set<string>>();
  for (const [path, xml] of text) {
    const result = XMLValidator.validate(xml);
    if (result !== true) problems.push(`${path}:${result.err.line}:${result.err.col}: not well-formed XML (${result.err.msg})`);
    if (CONTROL.test(xml)) problems.push(`${path}: a control character, which XML does not allow`);
    if (!path.endsWith('.xhtml')) continue;
    const seen = new Set<string>();
    for (const [, escaped] of xml.matchAll(/\sid="([^"]*)"/g)) {
      const id = unescapeXml(escaped);
      if (seen.has(id)) problems.push(`${path}: the id "${id}" is used twice`);
      seen.add(id);
    }
    ids.set(path, seen);
  }
  for (const [path, xml] of text) {
    if (!path.endsWith('.xhtml')) continue;
    for (const [, attribute, raw] of xml.matchAll(/\s(href|src)="([^"]*)"/g)) {
      const ref = unescapeXml(raw);
      if (EXTERNAL.test(ref) || (attribute === 'href' && /^[a-z][a-z0-9+.-]*:/i.test(ref) && !/^file:/i.test(ref))) continue;
      const [file, fragment] = ref.split('#', 2);
      let target = path;
      if (file) {
        let decoded = file;
        try {
          decoded = decodeURIComponent(file);
        } catch {
          /* as written */
        }
        target = posix.normalize(posix.join(dirname(path), decoded));
      }
      if (!files.has(target)) {
        problems.push(`${path}: ${attribute}="${raw}" points at a file that is not in the book`);
        continue;
      }
      if (fragment && target.endsWith('.xhtml') && !ids.get(target)?.has(decodeURIComponent(fragment))) problems.push(`${path}: ${attribute}="${raw}" points at an id that ${target} does not have`);
    }
  }
  return problems;
}
