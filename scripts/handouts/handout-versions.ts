/**
 * Handout versions of worksheets that run longer than two pages in the book. The templates render the
 * same data; a handout only asks for less of it: one week of check-ins (a fresh copy each week), one
 * copy of the love-language quiz with its scoring key (one copy per partner; the results are in the book).
 * Until the templates branch on `medium === 'handout'`, handout.css names the single quiz copy.
 */
import type { WorksheetInstance } from '../worksheets/prepare-worksheets.ts';

type Condense = (context: Record<string, unknown>) => Record<string, unknown>;

const VERSIONS: Record<string, Condense> = {
  'check-in': (context) => ({ ...context, weeks: 1 }),
  'love-languages': (context) => ({ ...context, partners: [{ key: 'partner', label: 'Your score', letter: 'A' }], languages: [], resultsPrompt: undefined }),
};

/** The instance as a handout shows it: condensed for the built-in long worksheets, else unchanged. */
export function handoutVersion(instance: WorksheetInstance): WorksheetInstance {
  const condense = VERSIONS[instance.template];
  return condense ? { ...instance, context: condense(instance.context) } : instance;
}
