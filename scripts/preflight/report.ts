/** The preflight report: one line per check with ✓ (passed), ✗ (error) or ! (warning) and its figures. */
import { relative } from 'node:path';
import type { PdfFacts } from './facts.ts';
import type { Finding } from './facts.ts';

const LABELS: Record<string, string> = {
  'page-count': 'page count',
  'page-count-kdp': 'KDP page range',
  'page-size': 'page size',
  bleed: 'bleed',
  gutter: 'gutter',
  'margin-outside': 'outside margin',
  'margin-top': 'top margin',
  'margin-bottom': 'bottom margin',
  'blank-pages': 'blank pages',
  'fonts-embedded': 'fonts embedded',
  'fonts-type3': 'Type 3 fonts',
  images: 'image resolution',
  annotations: 'annotations',
  bookmarks: 'bookmarks',
  forms: 'form fields',
  javascript: 'JavaScript',
  encryption: 'encryption',
  pdfx: 'PDF/X',
  'text-colour': 'text colour',
  'cover-size': 'size',
  'cover-safe-area': 'safe area',
  'cover-barcode': 'barcode area',
  ink: 'total ink',
  spine: 'spine',
};

function mark(f: Finding): string {
  if (f.ok) return '✓';
  return f.severity === 'error' ? '✗' : '!';
}

const size = (bytes: number) => (bytes > 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.round(bytes / 1e3)} kB`);

/** The report as printed lines. */
export function formatReport(facts: PdfFacts, findings: Finding[], cwd = process.cwd()): string[] {
  const errors = findings.filter((f) => !f.ok && f.severity === 'error').length;
  const warnings = findings.filter((f) => !f.ok && f.severity === 'warning').length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const verdict = errors
    ? `${plural(errors, 'error')}, ${plural(warnings, 'warning')}: not ready for print-on-demand`
    : warnings
      ? `ready for print-on-demand, with ${plural(warnings, 'warning')}`
      : 'ready for print-on-demand';
  return [
    `Preflight ${relative(cwd, facts.file).startsWith('..') ? facts.file : relative(cwd, facts.file)} (${facts.pageCount} pages, ${size(facts.bytes)})`,
    '',
    ...findings.map((f) => `${mark(f)} ${LABELS[f.rule] ?? f.rule}: ${f.message}`),
    '',
    verdict,
  ];
}

/** Facts and findings as JSON for tools. */
export function formatJson(facts: PdfFacts, findings: Finding[]): string {
  const ok = findings.every((f) => f.ok || f.severity === 'warning');
  return JSON.stringify({ ok, findings, facts }, null, 2);
}

/** The cover report: the same marks, a verdict for the wrap. */
export function formatCoverReport(file: string, findings: Finding[], cwd = process.cwd()): string[] {
  const failed = findings.filter((f) => !f.ok && f.severity === 'error').length;
  const shown = relative(cwd, file).startsWith('..') ? file : relative(cwd, file);
  return [`Cover ${shown}`, '', ...findings.map((f) => `${mark(f)} ${LABELS[f.rule] ?? f.rule}: ${f.message}`), '', failed ? `${failed} ${failed === 1 ? 'error' : 'errors'}: not ready for print-on-demand` : 'ready for print-on-demand'];
}
