/** The schema of manuscript/book.yaml: every field described, unknown fields rejected. */
import { z } from 'zod';
import { parseLength, parseTrim } from './print-rules.ts';

const length = z
  .union([z.string(), z.number()])
  .transform((v, ctx) => {
    const pt = typeof v === 'number' ? (v === 0 ? 0 : undefined) : parseLength(v);
    if (pt === undefined) {
      ctx.addIssue({ code: 'custom', message: `"${v}" is not a length: write it like 0.125in or 3mm` });
      return z.NEVER;
    }
    return pt;
  });

export const trimField = z.string().refine((v) => parseTrim(v) !== undefined, {
  message: 'unknown trim size: use 5.5x8.5, 6x9, 7x10, 8x10, 8.5x11, a4, a5, or WIDTHxHEIGHT with in or mm (e.g. 150x220mm)',
});

export const brandSchema = z.strictObject({
  practice: z.string().min(1).optional().describe('Practice or clinic name printed on every handout'),
  clinician: z.string().optional().describe('Clinician name'),
  contact: z.string().optional().describe('Contact line: phone, e-mail, web address'),
  logo: z.string().optional().describe('Logo image, a path relative to the manuscript folder'),
  paper: z.enum(['letter', 'a4']).optional().describe('Default handout paper'),
  credit: z.string().optional().describe('Credit line; defaults to the book title and author'),
  url: z.url({ protocol: /^https?$/ }).optional().describe('Where the handouts are published (e.g. https://example.org/closer/): the book links each worksheet to <url><id>.pdf'),
});

const coverImage = z.string().regex(/\.(jpe?g|png|webp|svg)$/i, 'must name a JPEG, PNG, WebP or SVG file, relative to the manuscript folder');

export const coverSchema = z.strictObject({
  image: coverImage.optional().describe('Front-cover art; fills the space between the subtitle and the author (300 ppi at print size)'),
  authorPhoto: coverImage.optional().describe('Author photo, set round beside the author bio on the back'),
  authorBio: z.string().min(1).optional().describe('A short author biography for the back cover'),
  publisherLogo: coverImage.optional().describe("Publisher's mark on the back; without it the publisher's name is set with Kindred's ring mark"),
});

export const bookSchema = z.strictObject({
  title: z.string().min(1).describe('Book title'),
  subtitle: z.string().optional().describe('Subtitle'),
  author: z.string().min(1).describe('Author name as printed'),
  language: z
    .string()
    .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as en or en-US')
    .default('en'),
  description: z.string().min(1).describe('One-paragraph description for catalogues and metadata'),
  keywords: z.array(z.string().min(1)).default([]).describe('Subjects: PDF Keywords and EPUB dc:subject'),
  publisher: z.string().optional(),
  date: z
    .union([z.string(), z.date()])
    .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
    .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD'))
    .optional(),
  identifier: z.string().min(1).describe('Unique identifier, e.g. urn:uuid:…'),
  isbn: z
    .union([z.string(), z.number()])
    .transform((v) => String(v))
    .pipe(z.string().regex(/^(97[89])?[-\s]?(\d[-\s]?){9}[\dX]$/, 'must be an ISBN-10 or ISBN-13'))
    .optional(),
  edition: z.string().optional(),
  copyright: z.string().optional().describe('Copyright line; defaults to © year author'),
  trim: trimField.default('8.5x11'),
  bleed: length.default(0),
  paper: z.enum(['white', 'cream', 'color']).default('white'),
  backCover: z.string().optional().describe('Back-cover text for the cover wrap'),
  cover: coverSchema.optional().describe('Cover art, author photo and bio, publisher mark'),
  chapters: z.array(z.string().regex(/\.md$/, 'must name a .md file')).min(1).describe('Chapter files, in order'),
  handouts: brandSchema.optional(),
  labels: z
    .record(z.string(), z.string())
    .optional()
    .describe('Words Kindred prints itself, over the language\'s labels file (templates/labels/<language>.yaml): e.g. `calloutTip: Try this`'),
});

export type BookConfig = z.output<typeof bookSchema>;
