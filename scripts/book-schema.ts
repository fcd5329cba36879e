/** The schema of manuscript/book.yaml: every field described, unknown fields rejected. */
import { z } from 'zod';
import { BLEED_RANGE_TEXT, bleedRangeProblem, parseLength, parseTrim, TRIM_RANGE_TEXT, trimRangeProblem } from './print-rules.ts';

/** The bleed: a length (`0.125in`, `3mm`, or 0) within what print-on-demand services take. */
const bleedField = z
  .union([z.string(), z.number()])
  .transform((v, ctx) => {
    const negative = typeof v === 'string' && /^\s*-/.test(v);
    const magnitude = typeof v === 'number' ? (v === 0 ? 0 : undefined) : parseLength(negative ? v.replace(/^\s*-/, '') : v);
    if (magnitude === undefined) {
      ctx.addIssue({ code: 'custom', message: `"${v}" is not a length: write it like 0.125in or 3mm` });
      return z.NEVER;
    }
    const pt = negative ? -magnitude : magnitude;
    const problem = bleedRangeProblem(pt);
    if (problem) {
      ctx.addIssue({ code: 'custom', message: `${problem}; ${BLEED_RANGE_TEXT}` });
      return z.NEVER;
    }
    return pt;
  })
  .meta({ pattern: '^\\s*(\\d+(\\.\\d+)?|\\.\\d+)\\s*(in|mm|cm|pt)?\\s*$' });

export const trimField = z
  .string()
  .superRefine((v, ctx) => {
    const trim = parseTrim(v);
    if (!trim) {
      ctx.addIssue({ code: 'custom', message: 'unknown trim size: use 5.5x8.5, 6x9, 7x10, 8x10, 8.5x11, a4, a5, or WIDTHxHEIGHT with in or mm (e.g. 150x220mm)' });
      return;
    }
    const problem = trimRangeProblem(trim);
    if (problem) ctx.addIssue({ code: 'custom', message: `${problem}; ${TRIM_RANGE_TEXT}` });
  })
  .meta({ examples: ['6x9', 'a5', '150x220mm'] });

export const brandSchema = z.strictObject({
  practice: z.string().min(1).optional().describe('Practice or clinic name printed on every handout'),
  clinician: z.string().optional().describe('Clinician name'),
  contact: z.string().optional().describe('Contact line: phone, e-mail, web address'),
  logo: z.string().optional().describe('Logo image, a path relative to the manuscript folder'),
  paper: z.enum(['letter', 'a4']).optional().describe('Default handout paper'),
  credit: z.string().optional().describe('Credit line; defaults to the book title and author'),
  url: z.url({ protocol: /^https?$/ }).optional().describe('Where the handouts are published (e.g. https://example.org/closer/): the book links each worksheet to <url><id>.pdf'),
}).describe('Practice branding for `kindred handouts` (overridden by --brand FILE.yaml)');

const coverImage = z.string().regex(/\.(jpe?g|png|webp|svg)$/i, 'must name a JPEG, PNG, WebP or SVG file, relative to the manuscript folder');

export const coverSchema = z.strictObject({
  image: coverImage.optional().describe('Front-cover art; fills the space between the subtitle and the author (300 ppi at print size)'),
  authorPhoto: coverImage.optional().describe('Author photo, set round beside the author bio on the back'),
  authorBio: z.string().min(1).optional().describe('A short author biography for the back cover'),
  publisherLogo: coverImage.optional().describe("Publisher's mark on the back; without it the publisher's name is set with Kindred's ring mark"),
}).describe('Cover art, author photo and bio, publisher mark (`kindred cover`); image paths are relative to the manuscript folder');

export const bookSchema = z.strictObject({
  title: z.string().min(1).describe('Book title'),
  subtitle: z.string().optional().describe('Subtitle'),
  author: z.string().min(1).describe('Author name as printed'),
  language: z
    .string()
    .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as en or en-US')
    .default('en')
    .describe('The language of the book, a BCP 47 tag: hyphenation, fonts, labels and metadata')
    .meta({ examples: ['en', 'en-GB', 'es'] }),
  description: z.string().min(1).describe('One-paragraph description for catalogues and metadata'),
  keywords: z.array(z.string().min(1)).default([]).describe('Subjects: PDF Keywords and EPUB dc:subject'),
  publisher: z.string().optional().describe("Publisher's name, for the title page, the cover and metadata"),
  date: z
    .preprocess((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD'))
    .optional()
    .describe('Publication date, YYYY-MM-DD')
    .meta({ examples: ['2026-11-24'] }),
  identifier: z.string().min(1).describe('Unique identifier of this edition (the EPUB dc:identifier), e.g. urn:uuid:…').meta({ examples: ['urn:uuid:661c7971-5fee-4cef-b255-812a6a00369e'] }),
  isbn: z
    .union([z.string(), z.number()])
    .transform((v) => String(v))
    .pipe(z.string().regex(/^(97[89])?[-\s]?(\d[-\s]?){9}[\dX]$/, 'must be an ISBN-10 or ISBN-13'))
    .meta({ pattern: '^(97[89])?[-\\s]?(\\d[-\\s]?){9}[\\dX]$' })
    .optional()
    .describe('ISBN-10 or ISBN-13 of the print edition (optional)')
    .meta({ examples: ['978-1-23456-789-7'] }),
  edition: z.string().optional().describe('Edition statement for the copyright page').meta({ examples: ['First edition'] }),
  copyright: z.string().optional().describe('Copyright line; defaults to © year author'),
  trim: trimField.default('8.5x11').describe(`Trim size: 5.5x8.5, 6x9, 7x10, 8x10, 8.5x11, a4, a5, or WIDTHxHEIGHT with in or mm (e.g. 150x220mm); ${TRIM_RANGE_TEXT}`),
  bleed: bleedField.default(0).describe(`Bleed added to the outside, top and bottom edges, e.g. 0.125in or 3mm; 0 for none; ${BLEED_RANGE_TEXT}`).meta({ default: 0, examples: ['0.125in', '3mm'] }),
  paper: z.enum(['white', 'cream', 'color']).default('white').describe('white or cream: a black-and-white book (text in pure black, tints in grey); color keeps the colours'),
  backCover: z.string().optional().describe('Back-cover text for the cover wrap'),
  cover: coverSchema.optional().describe('Cover art, author photo and bio, publisher mark'),
  chapters: z.array(z.string().regex(/\.md$/, 'must name a .md file')).min(1).describe('Chapter files, in order'),
  handouts: brandSchema.optional().describe('Practice branding for `kindred handouts` and where the handouts are published'),
  labels: z
    .record(z.string(), z.string())
    .optional()
    .describe('Words Kindred prints itself, over the language\'s labels file (templates/labels/<language>.yaml): e.g. `calloutTip: Try this`'),
}).meta({ title: 'book.yaml', description: 'The book: title, author, metadata, trim size and the chapter list (Kindred, manuscript/book.yaml)' });

export type BookConfig = z.output<typeof bookSchema>;
