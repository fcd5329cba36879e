/**
 * PDF/X-1a:2001 (ISO 15930-1; IngramSpark's recommendation) through Ghostscript's pdfwrite: PDF 1.3,
 * DeviceCMYK/DeviceGray only, every font embedded, an output intent, the page boxes kept.
 *
 * Before Ghostscript sees the file, pdf-lib rewrites Chromium's neutral RGB colours as DeviceGray, which
 * Ghostscript maps to the black plate alone (so black text is 100 % K, not a four-colour rich black);
 * afterwards it puts the source's ToUnicode values back, which Ghostscript 10.0x garbles (to-unicode.ts).
 * A black-and-white book (paper white or cream) is converted to grey throughout: nothing in it can reach
 * the C, M or Y plates.
 *
 * Why not the `press-ready` package: it runs this same Ghostscript conversion, with a Japanese press
 * profile (JapanColor 2001 Coated) and without either rewrite, so its output has rich-black text and the
 * garbled text layer.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { removeTempFolder, tempFolder } from '../temp.ts';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { KindredError } from '../errors.ts';
import { neutralColoursToGray } from './neutral-to-gray.ts';
import { restoreToUnicode, toUnicodeMaps } from './to-unicode.ts';

export const PDFX_VERSION = 'PDF/X-1:2001';
export const PDFX_CONFORMANCE = 'PDF/X-1a:2001';

export interface PdfxOptions {
  title: string;
  /** Convert everything to grey (a black-and-white interior); otherwise to CMYK with greys on K. */
  gray: boolean;
}

/** The Ghostscript executable and its version, or a user error saying how to install it. */
export function requireGhostscript(): { exe: string; version: string } {
  for (const exe of ['gs', 'gswin64c']) {
    const r = spawnSync(exe, ['--version'], { encoding: 'utf8' });
    if (r.status === 0) return { exe, version: r.stdout.trim() };
  }
  throw new KindredError('--pdfx needs Ghostscript, which is not installed.', {
    hint: 'Install it (Debian/Ubuntu: `apt-get install ghostscript`; macOS: `brew install ghostscript`) and build again, or leave out --pdfx.',
  });
}

/** The CMYK output profile Ghostscript ships with (a generic SWOP-like coated-paper profile). */
function cmykProfile(version: string): string {
  const candidates = [`/usr/share/ghostscript/${version}/iccprofiles/default_cmyk.icc`, '/usr/share/ghostscript/iccprofiles/default_cmyk.icc', '/usr/local/share/ghostscript/iccprofiles/default_cmyk.icc'];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new KindredError("Ghostscript's CMYK profile (default_cmyk.icc) was not found.", { hint: 'Reinstall Ghostscript with its ICC profiles.' });
  return found;
}

const psString = (text: string) => `(${text.replace(/[\\()]/g, (c) => '\\' + c).replace(/[^\x20-\x7e]/g, '?')})`;

/** The pdfmark prologue: the PDF/X keys in the Info dictionary and the output intent with its profile. */
function pdfxDefinition(title: string, icc: string): string {
  return `[ /GTS_PDFXVersion (${PDFX_VERSION}) /GTS_PDFXConformance (${PDFX_CONFORMANCE}) /Title ${psString(title)} /Trapped /False /DOCINFO pdfmark
[/_objdef {icc_PDFX} /type /stream /OBJ pdfmark
[{icc_PDFX} << /N 4 >> /PUT pdfmark
[{icc_PDFX} ${psString(icc)} (r) file /PUT pdfmark
[/_objdef {OutputIntent_PDFX} /type /dict /OBJ pdfmark
[{OutputIntent_PDFX} << /Type /OutputIntent /S /GTS_PDFX /OutputCondition (Commercial and specialty printing) /Info (U.S. Web Coated \\(SWOP\\))
  /OutputConditionIdentifier (CGATS TR 001) /RegistryName (http://www.color.org) /DestOutputProfile {icc_PDFX} >> /PUT pdfmark
[{Catalog} << /OutputIntents [ {OutputIntent_PDFX} ] >> /PUT pdfmark
`;
}

/** Chromium's PDF with neutral colours in DeviceGray, ready for Ghostscript, and its fonts' Unicode maps. */
async function prepare(pdf: Uint8Array): Promise<{ bytes: Uint8Array; unicode: Map<string, Map<string, string>> }> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  neutralColoursToGray(doc);
  return { bytes: await doc.save({ useObjectStreams: false }), unicode: toUnicodeMaps(doc) };
}

/**
 * Ghostscript's output with every stream's /Length written in place. Ghostscript gives many streams an
 * indirect length (`/Length 89 0 R`); pdf-lib then finds the stream's end by searching for `endstream`
 * and drops the line break before it, which cuts the last byte off a compressed stream that ends in
 * one: the zlib checksum was lost and Ghostscript and qpdf reported a damaged page stream. pdf-lib reads
 * objects in order, not by the cross-reference table, so the lengths may change their digits.
 */
function directLengths(pdf: Uint8Array): Uint8Array {
  const text = Buffer.from(pdf).toString('latin1');
  const lengths = new Map<string, string>();
  for (const m of text.matchAll(/(?:^|[\r\n])(\d+) (\d+) obj\s*(\d+)\s*endobj/g)) lengths.set(`${m[1]} ${m[2]}`, m[3]);
  return Buffer.from(
    text.replace(/\/Length (\d+) (\d+) R\b/g, (whole, n: string, g: string) => {
      const value = lengths.get(`${n} ${g}`);
      return value === undefined ? whole : `/Length ${value}`;
    }),
    'latin1',
  );
}

/** Ghostscript's output with the source's text layer back; no object streams (PDF 1.5), header kept. */
async function repair(pdf: Uint8Array, unicode: Map<string, Map<string, string>>): Promise<Uint8Array> {
  const doc = await PDFDocument.load(directLengths(pdf), { updateMetadata: false });
  restoreToUnicode(doc, unicode);
  const bytes = await doc.save({ useObjectStreams: false });
  // pdf-lib always writes a PDF 1.7 header; PDF/X-1a:2001 is PDF 1.3 (same length: no offset moves).
  bytes.set(Buffer.from('%PDF-1.3', 'latin1'), 0);
  return bytes;
}

/** Converts a PDF to PDF/X-1a:2001; returns the new bytes. */
export async function toPdfx(pdf: Uint8Array, options: PdfxOptions): Promise<Uint8Array> {
  const { exe, version } = requireGhostscript();
  const icc = cmykProfile(version);
  const dir = tempFolder('pdfx-');
  try {
    const def = join(dir, 'pdfx_def.ps');
    writeFileSync(def, pdfxDefinition(options.title, icc));
    const { bytes, unicode } = await prepare(pdf);
    writeFileSync(join(dir, 'in.pdf'), bytes);
    const out = join(dir, 'out.pdf');
    const colour = options.gray
      ? ['-sColorConversionStrategy=Gray', '-sProcessColorModel=DeviceGray']
      : ['-sColorConversionStrategy=CMYK', '-sProcessColorModel=DeviceCMYK'];
    execFileSync(
      exe,
      [
        '-dPDFX',
        '-dBATCH',
        '-dNOPAUSE',
        '-dQUIET',
        `--permit-file-read=${icc}`,
        '-sDEVICE=pdfwrite',
        '-dCompatibilityLevel=1.3',
        ...colour,
        '-dPDFSETTINGS=/prepress',
        '-dEmbedAllFonts=true',
        '-dSubsetFonts=true',
        // Keep the images at the resolution they have: the prepress preset would resample above 450 dpi.
        '-dDownsampleColorImages=false',
        '-dDownsampleGrayImages=false',
        '-dDownsampleMonoImages=false',
        `-sOutputFile=${out}`,
        def,
        join(dir, 'in.pdf'),
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    return await repair(readFileSync(out), unicode);
  } catch (error) {
    if (error instanceof KindredError) throw error;
    throw new KindredError(`Ghostscript could not make the PDF/X file: ${String((error as { stderr?: Buffer }).stderr ?? (error as Error).message).trim().split('\n')[0]}`, { cause: error });
  } finally {
    removeTempFolder(dir);
  }
}
