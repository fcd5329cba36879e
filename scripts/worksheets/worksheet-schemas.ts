/**
 * The data each built-in worksheet type expects (zod 4), and what it derives from it for its
 * template. A custom template has no schema: its YAML reaches the template as written.
 */
import { z } from 'zod';

const text = z.string().trim().min(1, 'must not be empty');
const lines = z.int().min(1).max(30);

/** Instructions shown under the title: one text for every medium, or one for print and one for the EPUB (and optionally one for handouts, else print's). */
const byMedium = z.union([text, z.strictObject({ print: text, epub: text, handout: text.optional() })]);
const instructions = byMedium.optional();

const common = {
  title: text.optional().describe('Title shown after "Worksheet N ·" (alone on a handout); defaults to the template\'s own'),
  instructions,
};

/** A question with room to answer it: `lines` ruled lines in print, a prompt in the EPUB. */
const prompt = z.strictObject({ prompt: text, lines: lines.default(3) });

const loveLanguages = z
  .strictObject({
    ...common,
    languages: z
      .array(
        z.strictObject({
          key: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a short lower-case key such as "words"'),
          name: text,
          summary: text.describe('What this language is, in a sentence or two'),
          speak: z.array(text).min(1).describe('Ways to "speak" it to a partner'),
        }),
      )
      .min(2),
    pairs: z
      .array(
        z.strictObject({
          a: z.strictObject({ text, language: text }),
          b: z.strictObject({ text, language: text }),
        }),
      )
      .min(1),
    resultsPrompt: prompt.optional(),
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
  });

const checkIn = z.strictObject({
  ...common,
  weeks: z.int().min(1).max(8).default(4),
  groundRules: z.array(text).default([]).describe('How to hold a check-in; shown before the first week'),
  types: z.array(text).min(1).describe('The kinds of intimacy rated each week'),
  prompts: z.strictObject({
    howAreWe: text.describe('Heads the ratings'),
    moreOf: prompt,
    lessOf: prompt,
    appreciation: prompt,
    request: prompt,
    nextRitual: text.describe('Label of a one-line field'),
  }),
  scale: z.strictObject({ low: text, high: text }),
});

const ritualPlanner = z.strictObject({
  ...common,
  ideas: z.array(z.strictObject({ name: text, detail: text })).min(1),
  commitments: z.int().min(1).max(6).default(3),
  weeks: z.int().min(4).max(6).default(5),
  days: z.array(text).length(7).describe('Column heads of the month grid, e.g. Mon … Sun'),
  closing: prompt.optional(),
});

const assessment = z.strictObject({
  ...common,
  types: z.array(z.strictObject({ name: text, description: text, prompt: text, lines: lines.default(2) })).min(1),
  scale: z.strictObject({ low: text, high: text }),
});

const checklistSection = z.strictObject({
  heading: text,
  /** Paper speaks of ticks; the EPUB's list has none: `{ print, epub }` gives each its words. */
  intro: byMedium.optional(),
  groups: z.array(z.strictObject({ name: text, signs: z.array(text).min(1) })).min(1),
});

const healthyChecklist = z.strictObject({
  ...common,
  sections: z.array(checklistSection).min(1),
  closing: z.array(prompt).default([]),
});

const warningSigns = z.strictObject({
  ...common,
  signs: z.array(z.strictObject({ name: text, detail: text })).min(1),
  seekHelp: z.strictObject({ heading: text, intro: text.optional(), items: z.array(text).min(1) }),
  note: text.describe('A gentle note about professional help'),
  closing: z.array(prompt).default([]),
});

const deviceFreeTracker = z.strictObject({
  ...common,
  days: z.int().min(1).max(62).default(30),
  goal: text.describe('The label of the daily-goal field'),
  rules: z.array(text).default([]).describe('Screen-free rules to tick'),
  ideas: z.array(text).default([]),
  closing: prompt.optional(),
});

const reflectionJournal = z.strictObject({
  ...common,
  intro: text.optional(),
  questions: z.array(prompt).min(1),
});

const conversationCards = z.strictObject({
  ...common,
  label: text.default('Conversation card'),
  cards: z.array(text).min(1),
});

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
