/**
 * The screen PDF for assistive technology, finishing what Chromium's tagged output leaves out: XMP
 * metadata (title, author, language, PDF/UA identifier), a /RoleMap for the structure types PDF 1.7
 * does not define (Chromium writes `Strong`, `Em` …), /Contents on every link (the text it covers),
 * /Tabs /S on pages with annotations, and an `LBody` around what a list item holds besides its `Lbl`.
 */
import { formatLabel, type Labels } from '../labels.ts';
import { PDFArray, PDFDict, type PDFDocument, PDFName, PDFNumber, type PDFObject, PDFRef, PDFString, PDFHexString } from 'pdf-lib';
import type { Book } from '../load-book.ts';
import { buildDate } from '../imprint.ts';
import { drawingOfPage } from '../preflight/inspect-drawing.ts';
import { ShownText } from './shown-text.ts';

/** The standard structure types of PDF 1.7 (ISO 32000-1, 14.8.4); anything else needs a role map entry. */
const STANDARD = new Set(
  'Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form'.split(' '),
);
/** PDF 2.0 and HTML-ish types Chromium may write, mapped to their nearest PDF 1.7 type. */
const ROLES: Record<string, string> = { Strong: 'Span', Em: 'Span', Sub: 'Span', Title: 'H1', Aside: 'Div', FENote: 'Note', DocumentFragment: 'Div' };

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** XMP packet with Dublin Core, XMP and PDF properties and the PDF/UA-1 identifier. */
function xmpPacket(book: Pick<Book, 'author' | 'description' | 'language' | 'keywords'>, title: string, date: Date, claimPdfUa: boolean): string {
  const stamp = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xml(title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>${xml(book.author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xml(book.description)}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>${xml(book.language)}</rdf:li></rdf:Bag></dc:language>
   <xmp:CreateDate>${stamp}</xmp:CreateDate>
   <xmp:ModifyDate>${stamp}</xmp:ModifyDate>
   <xmp:MetadataDate>${stamp}</xmp:MetadataDate>
   <xmp:CreatorTool>Kindred</xmp:CreatorTool>
   <pdf:Producer>Kindred (Chromium, pdf-lib)</pdf:Producer>
   <pdf:Keywords>${xml(book.keywords.join(', '))}</pdf:Keywords>
${claimPdfUa ? '   <pdfuaid:part>1</pdfuaid:part>\n' : ''}  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

/** The XMP metadata stream (title, author, language …); `claimPdfUa` adds the PDF/UA-1 identifier. */
export function setXmp(doc: PDFDocument, book: Pick<Book, 'author' | 'description' | 'language' | 'keywords'>, title: string, claimPdfUa = true): void {
  const stream = doc.context.stream(new TextEncoder().encode(xmpPacket(book, title, buildDate(), claimPdfUa)), { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(stream));
}

/** Every structure element under the root, with its parent. */
function structElements(doc: PDFDocument): PDFDict[] {
  const root = doc.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  if (!root) return [];
  const out: PDFDict[] = [];
  const walk = (node: PDFObject | undefined) => {
    const value = node instanceof PDFRef ? doc.context.lookup(node) : node;
    if (value instanceof PDFArray) for (const item of value.asArray()) walk(item);
    else if (value instanceof PDFDict && value.has(PDFName.of('S'))) {
      out.push(value);
      walk(value.get(PDFName.of('K')));
    }
  };
  walk(root.get(PDFName.of('K')));
  return out;
}

const typeOf = (element: PDFDict) => element.lookup(PDFName.of('S'), PDFName).decodeText();

function addRoleMap(doc: PDFDocument, elements: PDFDict[]): void {
  const root = doc.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict);
  const map = root.lookupMaybe(PDFName.of('RoleMap'), PDFDict) ?? doc.context.obj({});
  for (const type of new Set(elements.map(typeOf))) if (!STANDARD.has(type) && !map.has(PDFName.of(type))) map.set(PDFName.of(type), PDFName.of(ROLES[type] ?? 'Span'));
  root.set(PDFName.of('RoleMap'), map);
}

/** `LI` → `Lbl` + `LBody`: what is not the label moves into a new LBody (the parent tree follows marked content that moves). */
function addListBodies(doc: PDFDocument, elements: PDFDict[]): void {
  const root = doc.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict);
  const moved = new Map<PDFRef, PDFRef>();
  for (const li of elements.filter((e) => typeOf(e) === 'LI')) {
    const raw = li.get(PDFName.of('K'));
    const kids = raw instanceof PDFArray ? raw.asArray() : raw ? [raw] : [];
    const isLabelOrBody = (kid: PDFObject) => {
      const value = kid instanceof PDFRef ? doc.context.lookup(kid) : kid;
      return value instanceof PDFDict && value.has(PDFName.of('S')) && ['Lbl', 'LBody'].includes(typeOf(value));
    };
    const body = kids.filter((k) => !isLabelOrBody(k));
    if (body.length === 0) continue;
    const liRef = doc.context.getObjectRef(li);
    const lbody = doc.context.obj({ Type: 'StructElem', S: 'LBody', P: liRef ?? null, K: body });
    if (li.has(PDFName.of('Pg'))) lbody.set(PDFName.of('Pg'), li.get(PDFName.of('Pg'))!);
    const lbodyRef = doc.context.register(lbody);
    for (const kid of body) {
      const value = kid instanceof PDFRef ? doc.context.lookup(kid) : kid;
      if (value instanceof PDFDict && value.has(PDFName.of('S'))) value.set(PDFName.of('P'), lbodyRef);
    }
    if (liRef && body.some((k) => k instanceof PDFNumber || (k instanceof PDFDict && !k.has(PDFName.of('S'))))) moved.set(liRef, lbodyRef);
    li.set(PDFName.of('K'), doc.context.obj([...kids.filter(isLabelOrBody), lbodyRef]));
  }
  if (moved.size === 0) return;
  // Marked content that sat directly in an LI now belongs to its LBody.
  const parentTree = root.lookupMaybe(PDFName.of('ParentTree'), PDFDict);
  const visit = (node: PDFDict | undefined) => {
    if (!node) return;
    const nums = node.lookupMaybe(PDFName.of('Nums'), PDFArray);
    if (nums) {
      for (let i = 1; i < nums.size(); i += 2) {
        const entry = nums.get(i);
        const array = entry instanceof PDFRef ? doc.context.lookup(entry) : entry;
        if (array instanceof PDFArray) {
          array.asArray().forEach((ref, j) => {
            if (ref instanceof PDFRef && moved.has(ref)) array.set(j, moved.get(ref)!);
          });
        }
        else if (entry instanceof PDFRef && moved.has(entry)) nums.set(i, moved.get(entry)!);
      }
    }
    for (const kid of node.lookupMaybe(PDFName.of('Kids'), PDFArray)?.asArray() ?? []) visit(doc.context.lookup(kid) as PDFDict);
  };
  visit(parentTree);
}

/** Letter-spaced capitals come out of the text layer as "T H E  W O R D": close them up. */
const closeUp = (text: string) => text.replace(/\b(\p{L}) (?=\p{L}\b)/gu, '$1');

/** /Contents for every link: the title of the heading or worksheet it leads to, else the words it covers, else where it goes. */
function describeLinks(doc: PDFDocument, names: Map<string, string>, labels: Labels): void {
  const pages = doc.getPages();
  for (let p = 0; p < pages.length; p++) {
    const annots = pages[p].node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    if (!annots || annots.size() === 0) continue;
    pages[p].node.set(PDFName.of('Tabs'), PDFName.of('S'));
    const shown = new ShownText({ words: true });
    drawingOfPage(doc, p, shown.glyph);
    for (const ref of annots.asArray()) {
      const annot = doc.context.lookup(ref) as PDFDict;
      if (annot.get(PDFName.of('Subtype'))?.toString() !== '/Link' || annot.has(PDFName.of('Contents'))) continue;
      const [x1, y1, x2, y2] = annot.lookup(PDFName.of('Rect'), PDFArray).asArray().map((n) => Number(n.toString()));
      // A word is under the link when its start lies in the link's rectangle (its baseline a quarter em above the box's foot).
      const inside = (shown.words ?? []).filter(({ box }) => box.x0 >= Math.min(x1, x2) - 1 && box.x0 < Math.max(x1, x2) && (3 * box.y0 + box.y1) / 4 >= Math.min(y1, y2) - 1 && (3 * box.y0 + box.y1) / 4 <= Math.max(y1, y2));
      const words = closeUp(inside.map((w) => w.str).join(' ').replace(/\s+/g, ' ').trim());
      const action = annot.lookupMaybe(PDFName.of('A'), PDFDict);
      const uri = action?.lookup(PDFName.of('URI'));
      const target = uri instanceof PDFString || uri instanceof PDFHexString ? uri.decodeText() : undefined;
      const dest = annot.get(PDFName.of('Dest'));
      const name = dest instanceof PDFName ? names.get(decodeURIComponent(dest.decodeText())) : undefined;
      annot.set(PDFName.of('Contents'), PDFHexString.fromText(name ?? (words || (target ? formatLabel(labels.linkTo, { target }) : labels.linkInBook))));
    }
  }
}

/** Applies everything above to the printed screen PDF; `names` are the titles of link targets by id (headings, worksheets). */
export function makeAccessible(doc: PDFDocument, book: Book, title: string, names: Map<string, string>, labels: Labels): void {
  setXmp(doc, book, title);
  doc.setTitle(title, { showInWindowTitleBar: true });
  const elements = structElements(doc);
  if (elements.length) {
    addRoleMap(doc, elements);
    addListBodies(doc, elements);
  }
  describeLinks(doc, names, labels);
}
