/**
 * The look of what pdf-lib stamps on the assembled pages (running heads, folios, thumb tabs), read from
 * the templates' CSS custom properties (tokens.css: --head-*, --folio-*, --tab-*), so a designer
 * restyles them in templates/ like everything else.
 */
import { readCss } from './print-css.ts';
import type { TemplateSet } from '../render-template.ts';
import { bookFonts } from '../fonts.ts';
import { KindredError } from '../errors.ts';

export interface TextStyle {
  family: string;
  weight: number;
  style: 'normal' | 'italic';
  /** pt */
  size: number;
  /** Extra space after each character, pt. */
  tracking: number;
  uppercase: boolean;
  /** 0–1 */
  color: [number, number, number];
}

export interface HeadStyle {
  head: TextStyle;
  folio: TextStyle;
  /** Space between the folio and the head, pt. */
  gap: number;
  tab: { color: [number, number, number]; text: TextStyle };
}

/** Every custom property declared in the CSS (later declarations win), var() references resolved. */
export function customProperties(css: string): Map<string, string> {
  const raw = new Map<string, string>();
  for (const m of css.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/(--[\w-]+)\s*:\s*([^;{}]+)/g)) raw.set(m[1], m[2].trim());
  const resolve = (value: string, depth = 0): string =>
    depth > 10 ? value : value.replace(/var\(\s*(--[\w-]+)\s*(?:,\s*([^()]*))?\)/g, (_, name: string, fallback?: string) => resolve(raw.get(name) ?? fallback ?? '', depth + 1));
  return new Map([...raw].map(([k, v]) => [k, resolve(v)]));
}

function length(value: string | undefined, fontSize: number, fallback: number): number {
  const m = /^(-?[\d.]+)(pt|px|mm|in|em)?$/.exec(value?.trim() ?? '');
  if (!m) return fallback;
  const n = Number(m[1]);
  return { pt: n, px: n * 0.75, mm: (n * 72) / 25.4, in: n * 72, em: n * fontSize, '': n }[m[2] ?? ''] ?? fallback;
}

function color(value: string | undefined, fallback: [number, number, number]): [number, number, number] {
  const hex = /^#([\da-f]{3}|[\da-f]{6})$/i.exec(value?.trim() ?? '')?.[1];
  if (!hex) return fallback;
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16) / 255) as [number, number, number];
}

function textStyle(props: Map<string, string>, prefix: string, defaults: Omit<TextStyle, 'tracking'> & { tracking: string }): TextStyle {
  const get = (name: string) => props.get(`--${prefix}-${name}`);
  const size = length(get('size'), 10, defaults.size);
  const family = (get('font') ?? defaults.family).split(',')[0].trim().replace(/^['"]|['"]$/g, '');
  return {
    family,
    weight: Number(get('weight') ?? defaults.weight) || defaults.weight,
    style: get('style') === 'italic' ? 'italic' : defaults.style,
    size,
    tracking: length(get('tracking') ?? defaults.tracking, size, 0),
    uppercase: (get('transform') ?? (defaults.uppercase ? 'uppercase' : 'none')) === 'uppercase',
    color: color(get('color'), defaults.color),
  };
}

/** The stamped text styles from the templates' tokens.css and print.css. */
export function headStyle(templates: TemplateSet): HeadStyle {
  // Only the custom properties are read here; the print stylesheet's warnings come from the print itself.
  const props = customProperties(readCss(templates, ['tokens.css', 'print.css'], 'print', () => {}));
  const ink = color(props.get('--ink'), [0, 0, 0]);
  // A design that names no head or folio font gets its own families: the label face (the first that is
  // not the text face) for heads, the text face for folios.
  const plan = bookFonts(templates);
  const text = plan.textFamily.family;
  const ui = plan.families.find((f) => f.family !== text)?.family ?? text;
  const head = textStyle(props, 'head', { family: ui, weight: 600, style: 'normal', size: 7.6, tracking: '0.07em', uppercase: true, color: ink });
  const folio = textStyle(props, 'folio', { family: text, weight: 400, style: 'normal', size: 9, tracking: '0', uppercase: false, color: ink });
  const tabText = textStyle(props, 'tab-number', { family: head.family, weight: head.weight, style: 'normal', size: 9, tracking: '0', uppercase: false, color: [1, 1, 1] });
  for (const [token, style] of [['--head-font', head], ['--folio-font', folio], ['--tab-number-font', tabText]] as const) {
    if (!plan.families.some((f) => f.family === style.family)) {
      throw new KindredError(`${token} names "${style.family}", which ${plan.declarations.file} does not declare`, {
        file: templates.resolve('css/tokens.css'),
        hint: `Declare it under families: in fonts.yaml, or set ${token} to one of: ${plan.families.map((f) => f.family).join(', ')}.`,
      });
    }
  }
  return { head, folio, gap: length(props.get('--head-gap'), head.size, 14), tab: { color: color(props.get('--tab-color'), color(props.get('--accent'), [0.478, 0.231, 0.231])), text: tabText } };
}
