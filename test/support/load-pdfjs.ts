/**
 * Setup file: pdfjs is loaded through Kindred's loader before any test file imports it, so that its
 * legacy build does not leave core-js's Array.prototype.push in place for the rest of the worker (the
 * test files import pdfjs directly; the module is then already evaluated). See pdfjs.ts.
 */
import { loadPdfjs } from './pdfjs.ts';

await loadPdfjs();
