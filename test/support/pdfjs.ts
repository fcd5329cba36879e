/**
 * pdfjs for Node, loaded once, with the native Array.prototype.push kept. The tests read PDFs with it;
 * Kindred itself reads text from the content streams (scripts/pdf/text-layer.ts).
 *
 * Its legacy build (the one that runs on Node 20) and its worker each bundle core-js, which replaces
 * Array.prototype.push with a JavaScript function when the engine gets a spec corner wrong (the error for
 * an array whose length is read-only), as Node 20's V8 does. From then on every push in the process ran
 * through that function: pdf-lib's, the Markdown parsers', preflight's (`push` was the largest single
 * entry in a profile of the 10× book's build, 1.3 s). No code here relies on that corner, so the native
 * push is put back once both modules are loaded. The worker module is loaded here too and handed to pdfjs
 * (`globalThis.pdfjsWorker`, its main-thread worker), so that it is not imported later, behind our back.
 */
type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let loading: Promise<Pdfjs> | undefined;

export function loadPdfjs(): Promise<Pdfjs> {
  loading ??= (async () => {
    const push = Array.prototype.push;
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    // @ts-expect-error: the worker module ships without type declarations.
    const worker: unknown = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
    Array.prototype.push = push;
    return pdfjs;
  })();
  return loading;
}
