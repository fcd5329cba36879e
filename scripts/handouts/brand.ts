/**
 * Practice branding for handouts: book.yaml's `handouts:` block, or a `--brand FILE.yaml` with the same
 * fields, resolved once (logo read into a data: URL, credit line defaulted from the book).
 */
import { formatLabel, type Labels } from '../labels.ts';
import { existsSync, readFileSync } from 'node:fs';
import { readText } from '../read-text.ts';
import { confinement, resolveReference } from '../resolve-resource.ts';
import { IMAGE_MEDIA_TYPES, inspectImage } from '../inspect-image.ts';
import { dirname, extname, join, resolve } from 'node:path';
import type { z } from 'zod';
import { brandSchema } from '../book-schema.ts';
import { KindredError } from '../errors.ts';
import { parseYaml, schemaErrors, type Book } from '../load-book.ts';

export type Paper = 'letter' | 'a4';

export interface Brand {
  practice?: string;
  clinician?: string;
  contact?: string;
  /** The logo as a data: URL, so the page never has to load a file. */
  logo?: string;
  paper?: Paper;
  /** The configured credit line; creditLine() gives the default from the labels. */
  credit?: string;
}

/** The logo's type comes from its bytes (inspectImage); its extension must be one of these. */
const LOGO_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.svg', '.webp']);

function logoUrl(logo: string, baseDir: string, place: { file: string; line?: number; column?: number }): string {
  const path = resolve(baseDir, logo);
  if (!LOGO_EXTENSIONS.has(extname(path).toLowerCase())) throw new KindredError(`logo "${logo}" is not a PNG, JPEG, SVG or WebP image`, place);
  const resolved = resolveReference(logo, join(baseDir, 'brand.yaml'), confinement([baseDir]), baseDir);
  if (resolved.kind === 'remote' || resolved.kind === 'outside' || resolved.kind === 'data') {
    throw new KindredError(`logo ${resolved.kind === 'outside' ? resolved.reason : `${logo} is not a file next to the brand settings`}`, { ...place, hint: `Put the logo in ${baseDir} and name it by its relative path.` });
  }
  if (!existsSync(path)) throw new KindredError(`logo not found: ${logo}`, { ...place, hint: `Looked for ${path} (the path is relative to ${baseDir}).` });
  const image = inspectImage(new Uint8Array(readFileSync(path)));
  if (!image.ok) throw new KindredError(`logo ${logo} cannot be used: ${image.problem}`, { ...place, hint: 'Export the logo again as PNG or SVG.' });
  return `data:${IMAGE_MEDIA_TYPES[image.type]};base64,${Buffer.from(image.bytes).toString('base64')}`;
}

/** The credit line: the configured one, else the label `credit` ("From “{title}” by {author}") with the book's full title and author. */
export function creditLine(brand: Brand, book: Book, labels: Labels): string {
  return brand.credit ?? formatLabel(labels.credit, { title: `${book.title}${book.subtitle ? `: ${book.subtitle}` : ''}`, author: book.author });
}

/** Resolves the branding: --brand FILE when given, else book.yaml's handouts block, else none. */
export function loadBrand(book: Book, brandFile?: string): Brand {
  let config: z.output<typeof brandSchema> | undefined = book.handouts;
  let file = book.configPath;
  let locate: ReturnType<typeof parseYaml>['locate'] | undefined;
  let logoPath: PropertyKey[] = ['handouts', 'logo'];
  let baseDir = book.manuscriptDir;
  if (brandFile) {
    file = resolve(brandFile);
    if (!existsSync(file)) throw new KindredError(`brand file not found: ${brandFile}`, { hint: 'Give --brand a YAML file with practice, clinician, contact, logo, paper and credit.' });
    const yaml = parseYaml(readText(file), file);
    const parsed = brandSchema.safeParse(yaml.value ?? {});
    if (!parsed.success) throw schemaErrors(parsed.error.issues, file, yaml.locate, { schema: brandSchema, docs: 'the README (kindred handouts) and the handouts block of schemas/book.schema.json' });
    config = parsed.data;
    locate = yaml.locate;
    logoPath = ['logo'];
    baseDir = dirname(file);
  } else if (config) {
    locate = parseYaml(readText(file), file).locate;
  }
  if (!config) return {};
  return {
    practice: config.practice,
    clinician: config.clinician,
    contact: config.contact,
    paper: config.paper,
    logo: config.logo ? logoUrl(config.logo, baseDir, { file, ...locate?.(logoPath) }) : undefined,
    credit: config.credit,
  };
}
