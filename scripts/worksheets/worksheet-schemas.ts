/**
 * The data each built-in worksheet type expects (zod 4), and what it derives from it for its
 * template. A custom template has no schema: its YAML reaches the template as written.
 */
import { z } from 'zod';

const text = z.string().trim().min(1, 'must not be empty');
/** The words at the two ends of a 1–5 rating scale. */
const scale = z
  .strictObject({ low: text.describe('What 1 means, e.g. distant'), high: text.describe('What 5 means, e.g. close') })
  .describe('The ends of the 1–5 rating scale');
const lines = z.int().min(1).max(30);

/** Instructions shown under the title: one text for every medium, or one for print and one for the EPUB (and optionally one for handouts, else print's). */
const byMedium = z.union([
  text,
  z.strictObject({
    print: text.describe('For paper: the print book (and the handout, unless it has its own)'),
    epub: text.describe('For the EPUB, where nothing is written on the page'),
    handout: text.optional().describe("For the single-sheet handout; defaults to print's"),
  }),
]);
const instructions = byMedium
  .optional()
  .describe('Instructions under the title; paragraphs separated by a blank line. One text, or { print, epub, handout } when paper and screen need different words');

const common = {
  title: text.optional().describe('Title shown after "Worksheet N ·" (alone on a handout); defaults to the template\'s own'),
  instructions,
};

/** A question with room to answer it: `lines` ruled lines in print, a prompt in the EPUB. */
const prompt = z.strictObject({
  prompt: text.describe('The question'),
  lines: lines.default(3).describe('Ruled lines to write on, in print and on the handout'),
});

const loveLanguages = z
  .strictObject({
    ...common,
    languages: z
      .array(
        z.strictObject({
          key: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a short lower-case key such as "words"').describe('Short lower-case key that pairs[].a.language and pairs[].b.language name'),
          name: text.describe('Its name, e.g. Words of affirmation'),
          summary: text.describe('What this language is, in a sentence or two'),
          speak: z.array(text).min(1).describe('Ways to "speak" it to a partner'),
        }),
      )
      .min(2)
      .describe('The love languages, at least two'),
    pairs: z
      .array(
        z.strictObject({
          a: z.strictObject({ text: text.describe('Statement A'), language: text.describe('The key of the language statement A stands for') }).describe('Option A'),
          b: z.strictObject({ text: text.describe('Statement B'), language: text.describe('The key of the language statement B stands for (not the same as A)') }).describe('Option B'),
        }),
      )
      .min(1)
      .describe('The quiz: each question is a choice between two statements, each counting for one language'),
    resultsPrompt: prompt.optional().describe('A question after the results, answered by each partner'),
  })
  .superRefine((data, ctx) => {
    const keys = new Set(data.languages.map((l) => l.key));
    data.pairs.forEach((pair, i) => {
      for (const side of ['a', 'b'] as const) {
        if (!keys.has(pair[side].language)) {
          ctx.addIssue({
            code: 'custom',
            path: ['pairs', i, side, 'language'],
            message: `unknown language "${pair[side].language}": use one of ${[...keys].join(', ')}`,
          });
        }
      }
      if (pair.a.language === pair.b.language) {
        ctx.addIssue({ code: 'custom', path: ['pairs', i, 'b', 'language'], message: 'both statements of a pair name the same language' });
      }
    });
  })
  .meta({ title: 'love-languages worksheet data', description: "A love-language quiz: a copy of the paired statements for each partner, the scoring key with a tally for each, and the results (each language, what it is and how to speak it). The handout is one partner's copy." });

const checkIn = z.strictObject({
  ...common,
  weeks: z.int().min(1).max(8).default(4).describe('Weeks of check-in pages in print (a handout is one week)'),
  groundRules: z.array(text).default([]).describe('How to hold a check-in; shown before the first week'),
  types: z.array(text).min(1).describe('The kinds of intimacy rated each week'),
  prompts: z.strictObject({
    howAreWe: text.describe('Heads the ratings'),
    moreOf: prompt.describe('A shared question'),
    lessOf: prompt.describe('A shared question'),
    appreciation: prompt.describe("Asked of each partner, in each partner's column"),
    request: prompt.describe("Asked of each partner, in each partner's column"),
    nextRitual: text.describe('Label of a one-line field'),
  }).describe('The words of the weekly page'),
  scale,
}).meta({ title: 'check-in worksheet data', description: "A weekly check-in: one page a week in print with both partners' 1–5 ratings of each kind of intimacy, shared questions and an appreciation and a request from each. The handout is one week." });

const ritualPlanner = z.strictObject({
  ...common,
  ideas: z.array(z.strictObject({ name: text.describe('The ritual'), detail: text.describe('What it looks like') })).min(1).describe('Ritual ideas to choose from'),
  commitments: z.int().min(1).max(6).default(3).describe('How many rituals to commit to (blocks to fill in)'),
  weeks: z.int().min(4).max(6).default(5).describe('Weeks to tick "kept it" for each ritual'),
  days: z.array(text).length(7).describe('Column heads of the month grid, e.g. Mon … Sun'),
  closing: prompt.optional().describe('A question under the month grid'),
}).meta({ title: 'ritual-planner worksheet data', description: 'A ritual planner: ideas to choose from, commitments (what, when, who plans it) with a box for each week kept, and a month-at-a-glance calendar.' });

const assessment = z.strictObject({
  ...common,
  types: z
    .array(
      z.strictObject({
        name: text.describe('The kind of intimacy'),
        description: text.describe('What it is, in a sentence or two'),
        prompt: text.describe('A question to talk about'),
        lines: lines.default(2).describe('Ruled lines for the answer'),
      }),
    )
    .min(1)
    .describe('Each kind of intimacy: rated by both partners, then talked about'),
  scale,
}).meta({ title: 'intimacy-assessment worksheet data', description: 'An assessment: for each kind of intimacy a short description, a 1–5 rating by each partner and a question to talk about.' });

const checklistSection = z.strictObject({
  heading: text.describe('Section heading'),
  /** Paper speaks of ticks; the EPUB's list has none: `{ print, epub }` gives each its words. */
  intro: byMedium.optional().describe('A line under the heading; one text, or { print, epub, handout }'),
  groups: z
    .array(z.strictObject({ name: text.describe('Group name'), signs: z.array(text).min(1).describe('The signs, each with a box to tick') }))
    .min(1)
    .describe('Groups of signs'),
});

const healthyChecklist = z.strictObject({
  ...common,
  sections: z.array(checklistSection).min(1).describe('The checklist sections, e.g. healthy and unhealthy'),
  closing: z.array(prompt).default([]).describe('Questions after the checklist'),
}).meta({ title: 'healthy-checklist worksheet data', description: 'A checklist in sections (e.g. healthy and unhealthy), each with groups of signs to tick, then closing questions.' });

const warningSigns = z.strictObject({
  ...common,
  signs: z.array(z.strictObject({ name: text.describe('The sign'), detail: text.describe('What it looks like') })).min(1).describe('Warning signs, each with a box to tick'),
  seekHelp: z
    .strictObject({
      heading: text.describe('Heading of the list'),
      intro: text.optional().describe('A line under the heading'),
      items: z.array(text).min(1).describe('When to seek help, each with a box to tick'),
    })
    .describe('When to seek professional help'),
  note: text.describe('A gentle note about professional help'),
  closing: z.array(prompt).default([]).describe('Questions after the lists'),
}).meta({ title: 'warning-signs worksheet data', description: 'Warning signs to tick, a list of when to seek professional help, a gentle note and closing questions.' });

const deviceFreeTracker = z.strictObject({
  ...common,
  days: z.int().min(1).max(62).default(30).describe('Days in the log (rows of the table)'),
  goal: text.describe('The label of the daily-goal field'),
  rules: z.array(text).default([]).describe('Screen-free rules to tick'),
  ideas: z.array(text).default([]).describe('Things to do together instead'),
  closing: prompt.optional().describe('A question after the log'),
}).meta({ title: 'device-free-tracker worksheet data', description: 'A device-free time tracker: screen-free rules to tick, ideas, a daily goal and a log of minutes and activities for each day.' });

const reflectionJournal = z.strictObject({
  ...common,
  intro: text.optional().describe('A paragraph before the questions'),
  questions: z.array(prompt).min(1).describe('The journal questions, each with room to write'),
}).meta({ title: 'reflection-journal worksheet data', description: 'A reflection journal: an optional introduction and questions with room to write.' });

const conversationCards = z.strictObject({
  ...common,
  label: text.default('Conversation card').describe('The small label on each printed card'),
  cards: z.array(text).min(1).describe('One question per card'),
}).meta({ title: 'conversation-cards worksheet data', description: 'Conversation cards: one question per card, printed as cards to cut out (a numbered list in the EPUB).' });

type LoveLanguages = z.output<typeof loveLanguages>;

/** The scoring key: for each language, the choices (e.g. "4B") that count for it. */
function scoringKey(data: LoveLanguages) {
  return data.languages.map((language) => ({
    ...language,
    choices: data.pairs.flatMap((pair, i) =>
      (['a', 'b'] as const).filter((side) => pair[side].language === language.key).map((side) => `${i + 1}${side.toUpperCase()}`),
    ),
  }));
}

export interface BuiltinType {
  schema: z.ZodObject;
  /** Adds what the template needs beyond the data (derived tables, names of languages …). */
  derive?: (data: any) => Record<string, unknown>;
}

/** The built-in worksheet types, by template name. */
export const builtinTypes: Record<string, BuiltinType> = {
  'love-languages': {
    schema: loveLanguages,
    derive: (data: LoveLanguages) => {
      const names = Object.fromEntries(data.languages.map((l) => [l.key, l.name]));
      return {
        key: scoringKey(data),
        pairs: data.pairs.map((p) => ({ a: { ...p.a, name: names[p.a.language] }, b: { ...p.b, name: names[p.b.language] } })),
      };
    },
  },
  'check-in': { schema: checkIn },
  'ritual-planner': { schema: ritualPlanner },
  'intimacy-assessment': { schema: assessment },
  'healthy-checklist': { schema: healthyChecklist },
  'warning-signs': { schema: warningSigns },
  'device-free-tracker': { schema: deviceFreeTracker },
  'reflection-journal': { schema: reflectionJournal },
  'conversation-cards': { schema: conversationCards },
};
