/**
 * PDF/X through Ghostscript: colours converted to CMYK with an output intent, as IngramSpark asks.
 * Ghostscript's pdfwrite makes PDF/X-3:2002 (it has no PDF/X-1a mode); the page boxes are kept.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { removeTempFolder, tempFolder } from '../temp.ts';
import { join } from 'node:path';
import { KindredError } from '../errors.ts';

/** The Ghostscript to run; a user error naming the package when there is none (checked before printing). */
export function ghostscript(): { exe: string; version: string } {
  for (const exe of ['gs', 'gswin64c']) {
    const r = spawnSync(exe, ['--version'], { encoding: 'utf8' });
    if (r.status === 0) return { exe, version: r.stdout.trim() };
  }
  throw new KindredError('--pdfx needs Ghostscript, which is not installed.', {
    hint: 'Install it (Debian/Ubuntu: `apt-get install ghostscript`; macOS: `brew install ghostscript`) and build again, or leave out --pdfx.',
  });
}

/** The CMYK output profile Ghostscript ships with (a generic coated-paper profile). */
function cmykProfile(version: string): string {
  const candidates = [`/usr/share/ghostscript/${version}/iccprofiles/default_cmyk.icc`, '/usr/share/ghostscript/iccprofiles/default_cmyk.icc', '/usr/local/share/ghostscript/iccprofiles/default_cmyk.icc'];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new KindredError("Ghostscript's CMYK profile (default_cmyk.icc) was not found.", { hint: 'Reinstall Ghostscript with its ICC profiles.' });
  return found;
}

const psString = (text: string) => `(${text.replace(/[\\()]/g, (c) => '\\' + c)})`;

/** Converts a PDF to PDF/X-3 in CMYK; returns the new bytes. */
export function toPdfx(pdf: Uint8Array, title: string): Uint8Array {
  const { exe, version } = ghostscript();
  const icc = cmykProfile(version);
  const dir = tempFolder('pdfx-');
  try {
    const def = join(dir, 'pdfx_def.ps');
    writeFileSync(
      def,
      `[ /GTS_PDFXVersion (PDF/X-3:2002) /Title ${psString(title)} /Trapped /False /DOCINFO pdfmark
[/_objdef {icc_PDFX} /type /stream /OBJ pdfmark
[{icc_PDFX} << /N 4 >> /PUT pdfmark
[{icc_PDFX} ${psString(icc)} (r) file /PUT pdfmark
[/_objdef {OutputIntent_PDFX} /type /dict /OBJ pdfmark
[{OutputIntent_PDFX} << /Type /OutputIntent /S /GTS_PDFX /OutputCondition (Commercial and specialty printing) /Info (none)
  /OutputConditionIdentifier (CGATS TR001) /RegistryName (http://www.color.org) /DestOutputProfile {icc_PDFX} >> /PUT pdfmark
[{Catalog} << /OutputIntents [ {OutputIntent_PDFX} ] >> /PUT pdfmark
`,
    );
    writeFileSync(join(dir, 'in.pdf'), pdf);
    const out = join(dir, 'out.pdf');
    execFileSync(exe, ['-dPDFX', '-dBATCH', '-dNOPAUSE', '-dQUIET', `--permit-file-read=${icc}`, '-sDEVICE=pdfwrite', '-sColorConversionStrategy=CMYK', '-sProcessColorModel=DeviceCMYK', '-dPDFSETTINGS=/prepress', '-dEmbedAllFonts=true', `-sOutputFile=${out}`, def, join(dir, 'in.pdf')], { stdio: ['ignore', 'ignore', 'pipe'] });
    return readFileSync(out);
  } catch (error) {
    if (error instanceof KindredError) throw error;
    throw new KindredError(`Ghostscript could not make the PDF/X file: ${String((error as { stderr?: Buffer }).stderr ?? (error as Error).message).trim().split('\n')[0]}`, { cause: error });
  } finally {
    removeTempFolder(dir);
  }
}
